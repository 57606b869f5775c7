/**
 * libvirt's older name lists (`virConnectListNetworks`, `virStoragePoolListVolumes`, …): plain names with no
 * object to free, for callers that only need names. They take a maximum; objects can appear between counting
 * and listing, so a full answer is asked again with more room until it is not full.
 */
export async function nameList(
  count: () => Promise<number>,
  list: (max: number) => Promise<string[]>,
): Promise<string[]> {
  let max = (await count()) + 16;
  for (;;) {
    const names = await list(max);
    if (names.length < max) return names;
    max *= 2;
  }
}

/**
 * Which lane a call runs in. Calls that can block for seconds (guest lifecycle, save/restore, migration,
 * snapshots, block and volume jobs, opening a connection, blocking stream I/O) go to the `slow` lane so they
 * never sit in front of quick calls. The list errs towards `slow`: a quick call there costs nothing extra,
 * while a slow call in the quick lane holds the others until the quick lane grows (see pool.ts).
 */
export type Lane = 'quick' | 'slow';

const SLOW =
  /^(virConnectOpen|virDomain(Create|Destroy|Shutdown|Reboot|Reset|Save|ManagedSave|Restore|CoreDump|Migrate|Snapshot(Create|Revert|Delete)|RevertToSnapshot|Checkpoint(Create|Delete)|Block|Undefine|PMSuspend|PMWakeup|Attach|Detach|UpdateDevice|SetMemory|SetVcpus|Screenshot|SendKey|GetJobStats|AbortJob|FSFreeze|FSThaw|FSTrim|Agent|Backup|StartDirtyRate|Suspend|Resume)|virStorage(Pool|Vol)(Create|Build|Delete|Destroy|Undefine|Refresh|Wipe|Resize|Upload|Download)|virStream(Recv|Send|Finish|Abort)|virNetwork(Create|Destroy|Undefine)|virNodeDevice(Create|Destroy|Detach|ReAttach|Reset)|virInterface(Create|Destroy|Change)|virNodeSuspend|virConnectGetAllDomainStats|virDomainListGetStats)/;

// Function names are a closed set (~530), so the regex runs once per name, not once per call.
const cache = new Map<string, Lane>();

export function laneOf(fn: string): Lane {
  let lane = cache.get(fn);
  if (!lane) {
    lane = SLOW.test(fn) ? 'slow' : 'quick';
    cache.set(fn, lane);
  }
  return lane;
}

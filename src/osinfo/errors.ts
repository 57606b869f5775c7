/** Typed errors of libvirt-ts/osinfo. */

/** No osinfo-db database in any of the folders looked at. */
export class OsinfoDbNotFoundError extends Error {
  /** Always `'OsinfoDbNotFoundError'`. */
  override readonly name = 'OsinfoDbNotFoundError';
  constructor(
    /** The folders that were looked in. */
    readonly dirs: readonly string[],
  ) {
    super(
      `no osinfo-db database found (looked for an os/ folder in ${dirs.join(', ')}). ` +
        'Install it: apt-get install osinfo-db (Debian/Ubuntu), dnf install osinfo-db (Fedora); ' +
        'or pass its folder to loadOsinfo(dir) or set OSINFO_DB_PATH.',
    );
  }
}

/** A file that cannot be read as an ISO 9660 image. */
export class IsoReadError extends Error {
  /** Always `'IsoReadError'`. */
  override readonly name = 'IsoReadError';
  constructor(
    /** The file that could not be read. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

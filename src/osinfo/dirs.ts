/**
 * Where osinfo-db lives. libosinfo reads three folders, later ones overriding files of the same path in earlier
 * ones: the system one ($OSINFO_SYSTEM_DIR or /usr/share/osinfo, where Debian's osinfo-db package puts it),
 * the local one ($OSINFO_LOCAL_DIR or /etc/osinfo) and the user's ($OSINFO_USER_DIR or ~/.config/osinfo).
 * $OSINFO_DB_PATH (a list separated by ':') replaces all three, as an explicit argument to loadOsinfo() does.
 */
import os from 'node:os';
import path from 'node:path';

/**
 * The folders libosinfo reads osinfo-db from, in order: $OSINFO_DB_PATH's when set, else the system, local and
 * user folders (each overridable by its own variable).
 */
export function defaultOsinfoDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const explicit = env.OSINFO_DB_PATH;
  if (explicit) return explicit.split(':').filter((d) => d !== '');
  const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return [
    env.OSINFO_SYSTEM_DIR || '/usr/share/osinfo',
    env.OSINFO_LOCAL_DIR || '/etc/osinfo',
    env.OSINFO_USER_DIR || path.join(config, 'osinfo'),
  ];
}

/** The folder for the index cache: $XDG_CACHE_HOME/libvirt-ts or ~/.cache/libvirt-ts. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'libvirt-ts');
}

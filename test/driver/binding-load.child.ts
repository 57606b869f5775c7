// Child process of binding.test.ts: opens the binding with $LIBVIRT_TS_LIBRARY and calls argv[2] with no
// arguments, printing how it failed.
import { CallFailure, openRawBinding } from '../../src/raw.js';

try {
  openRawBinding().invoke(process.argv[2]!, [null]);
  console.log('no error');
} catch (err) {
  if (err instanceof CallFailure) console.log(`CallFailure ${err.error.code}: ${err.error.message}`);
  else console.log(`${(err as Error).name}: ${(err as Error).message}`);
}

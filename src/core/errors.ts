/** The errors the SDK rejects with. They are defined at the C boundary and re-exported here. */
export {
  ErrorCode,
  type ErrorCodeName,
  ErrorDomain,
  ErrorLevel,
  LibraryLoadError,
  LibvirtError,
} from '../../native/errors.js';

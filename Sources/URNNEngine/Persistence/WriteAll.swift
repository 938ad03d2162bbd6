import Glibc

/// Writes all of `bytes` to `fd`: write(2) may write less than it was given (the rest goes
/// next) or be interrupted by a signal before writing anything (EINTR: it is asked again).
/// `write` stands in for write(2) where a test makes it fail. Returns nil when every byte
/// was written, else the errno of the failure (EIO for a write that wrote nothing and
/// reported no error).
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer,
                     using write: (Int32, UnsafeRawPointer, Int) -> Int = { Glibc.write($0, $1, $2) }) -> Int32? {
    guard var next = bytes.baseAddress else { return nil }
    var left = bytes.count
    while left > 0 {
        let n = write(fd, next, left)
        if n > 0 {
            next += n
            left -= n
        } else if n < 0 {
            let code = errno
            if code != EINTR { return code }
        } else {
            return EIO
        }
    }
    return nil
}

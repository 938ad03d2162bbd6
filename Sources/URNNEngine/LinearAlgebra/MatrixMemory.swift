#if canImport(Glibc)
import Glibc
#endif

/// How the process allocator treats the large buffers of matrix arithmetic.
///
/// Every matrix operation returns a new buffer, and from n ≈ 128 on a buffer is
/// 128 KiB or more. glibc serves such blocks with `mmap` and returns them to the
/// kernel on `free` (or trims them off the heap top), so each new matrix costs a
/// round of page faults and page zeroing in the kernel: measured here, a quarter of
/// the time of `expm` at n = 128 went to the kernel, and `expm` ran 1.5x slower
/// than the same BLAS calls with the memory kept (docs/performance.md).
public enum MatrixMemory {
    /// Makes glibc keep freed buffers of up to `maxBufferBytes` in the heap for reuse,
    /// and trim the heap only when more than twice that is free at its top. Call once at
    /// start-up, like `BLASThreads.set(1)`; it affects the whole process. The default,
    /// 32 MiB, covers 2048 x 2048 real matrices. Does nothing where glibc is not used.
    public static func keepFreedBuffers(maxBufferBytes: Int = 32 << 20) {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export:
        // look it up at run time. The parameter numbers are glibc's (malloc.h).
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, Int32(clamping: maxBufferBytes))
        _ = mallopt(trimThreshold, Int32(clamping: 2 * maxBufferBytes))
        #endif
    }
}

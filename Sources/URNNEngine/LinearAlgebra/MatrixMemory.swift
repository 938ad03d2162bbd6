import Foundation
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
    /// Makes glibc keep freed buffers in the heap for reuse: no buffer is served by mmap,
    /// and the heap is trimmed only when 1 GiB (or twice `maxBufferBytes`) is free at its
    /// top. The engine calls it before its first product; it affects the whole process.
    /// Does nothing where glibc is not used.
    public static func keepFreedBuffers(maxBufferBytes: Int = 32 << 20) {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export:
        // look it up at run time. The parameter numbers are glibc's (malloc.h).
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, mmapMax: Int32 = -4
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, Int32(clamping: maxBufferBytes))
        // glibc caps the mmap threshold at 32 MiB, but a training pass at long T allocates
        // arrays of 100 MiB and more every step (H x T·B states and gradients): served by
        // mmap, each one is faulted in and zeroed page by page again at every step. With
        // mmap off they come from the heap and are reused, and the heap is trimmed only
        // when a whole GiB is free at its top. Measured (scripts/bench/train, urnn exact,
        // H = 256, T = 1000): 2.12 -> 2.46 steps/s at B = 64, 0.62 -> 1.18 at B = 128,
        // with the peak at B = 128 going from 817 to 931 MiB.
        _ = mallopt(mmapMax, 0)
        _ = mallopt(trimThreshold, Int32(clamping: Swift.max(2 * maxBufferBytes, 1 << 30)))
        #endif
    }
}

/// Large work arrays kept from one training step to the next.
///
/// A pass split over threads allocates its H x T·B arrays (inputs, states, their
/// gradients) on worker threads, and glibc serves a worker thread from a heap of its
/// own of at most 64 MiB: a larger block is mapped with mmap whatever `MatrixMemory`
/// asked, and unmapped again on free, so the kernel faulted in and zeroed it page by
/// page at every step (measured with `perf stat`: 690k page faults in four steps of the
/// complex urnn at H = 256, T = 1000, a quarter of its time in the kernel). Passes take
/// arrays of `minimumBytes` or more from here and give them back when done. Arrays are
/// kept only while training runs (between `beginKeeping` and `endKeeping`, which the
/// trainer calls): a pass outside it, an evaluation in a REPL session say, frees its
/// arrays as before, and nothing stays held after training.
enum ScratchArrays {
    /// Smaller arrays come from malloc as usual.
    static let minimumBytes = 16 << 20
    /// At most this much is kept; the oldest arrays go first.
    static let maximumKeptBytes = 2 << 30

    private struct Kept {
        let type: ObjectIdentifier
        let count: Int
        let bytes: Int
        let array: Any
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Kept] = []
    /// How many `beginKeeping` are open (trainings can nest: a script's training can
    /// evaluate, and tests run trainers inside trainers' callbacks).
    nonisolated(unsafe) private static var keeping = 0

    /// From now on, arrays given back are kept for reuse.
    static func beginKeeping() {
        lock.lock()
        keeping += 1
        lock.unlock()
    }

    /// Ends one `beginKeeping`; after the last, every kept array is freed.
    static func endKeeping() {
        lock.lock()
        keeping = Swift.max(0, keeping - 1)
        if keeping == 0 { kept.removeAll() }
        lock.unlock()
    }

    /// An array of `count` elements: a kept one of that type and length if there is one,
    /// filled with zeros when `zeroed` (otherwise with whatever it held), else a new
    /// zero-filled one.
    static func take<S: LinearAlgebraScalar>(_ count: Int, zeroed: Bool) -> [S] {
        let bytes = count * MemoryLayout<S>.stride
        if bytes >= minimumBytes {
            lock.lock()
            let index = kept.firstIndex { $0.type == ObjectIdentifier(S.self) && $0.count == count }
            let found = index.map { kept.remove(at: $0).array as? [S] } ?? nil
            lock.unlock()
            if var array = found {
                if zeroed { array.withUnsafeMutableBufferPointer { $0.update(repeating: .zero) } }
                return array
            }
        }
        return [S](repeating: .zero, count: count)
    }

    /// Keeps `array` for a later `take` when it is large enough, and leaves it empty.
    static func give<S: LinearAlgebraScalar>(_ array: inout [S]) {
        let bytes = array.count * MemoryLayout<S>.stride
        guard bytes >= minimumBytes else { array = []; return }
        let entry = Kept(type: ObjectIdentifier(S.self), count: array.count, bytes: bytes, array: array)
        array = []
        lock.lock()
        guard keeping > 0 else { lock.unlock(); return }
        kept.append(entry)
        var total = kept.reduce(0) { $0 + $1.bytes }
        while total > maximumKeptBytes, let first = kept.first {
            total -= first.bytes
            kept.removeFirst()
        }
        lock.unlock()
    }
}

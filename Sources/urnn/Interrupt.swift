import Glibc
import Synchronization

/// Ctrl-C, as lua.c does it: the signal handler only sets a flag, and the running code
/// (every loop iteration, every training step) checks it at a safe point and stops there.
/// A second Ctrl-C within a second of the first exits at once with status 130, for code
/// that never reaches a safe point.
///
/// At the REPL's prompt the same handler only notes the press; readline's signal event
/// hook then clears the line (see `LineEditor`).
enum Interrupt {
    /// Set by Ctrl-C while code runs; read by the interpreter's `isCancelled`.
    static let requested = Atomic<Bool>(false)
    /// True while readline waits at the prompt.
    static let atPrompt = Atomic<Bool>(false)
    /// Set by Ctrl-C at the prompt; the line editor clears the line and resets it.
    static let atPromptPressed = Atomic<Bool>(false)
    /// False in the kernel, whose client sends SIGINT to the whole process group and may
    /// repeat it: there a second SIGINT only asks again, and the client ends a stuck kernel
    /// by restarting it.
    static let secondPressExits = Atomic<Bool>(true)
    /// When the last Ctrl-C during a run came, in monotonic nanoseconds.
    static let lastPress = Atomic<Int64>(0)

    /// A second Ctrl-C closer than this to the first exits.
    static let killWindow: Int64 = 1_000_000_000

    /// True once Ctrl-C asked the running code to stop.
    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Clears the flag before a run.
    static func reset() {
        requested.store(false, ordering: .relaxed)
    }

    /// Installs the handler. `restartCalls` makes interrupted system calls resume (while code
    /// runs, so that a pipe to gnuplot is not broken by Ctrl-C); without it a blocking read
    /// returns EINTR, which readline needs at the prompt to run its signal event hook.
    static func install(restartCalls: Bool) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handleInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = restartCalls ? SA_RESTART : 0
        sigaction(SIGINT, &action, nil)
    }
}

/// Monotonic time in nanoseconds; `clock_gettime` is async-signal-safe.
private func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

/// The SIGINT handler: only atomic stores, `write` and `_exit`, all async-signal-safe.
private func handleInterrupt(_: Int32) {
    if Interrupt.atPrompt.load(ordering: .relaxed) {
        Interrupt.atPromptPressed.store(true, ordering: .relaxed)
        return
    }
    let now = monotonicNanoseconds()
    let previous = Interrupt.lastPress.exchange(now, ordering: .relaxed)
    let wasRequested = Interrupt.requested.exchange(true, ordering: .relaxed)
    if wasRequested && now - previous < Interrupt.killWindow && Interrupt.secondPressExits.load(ordering: .relaxed) {
        let message: StaticString = "\nurnn: interrupted twice; exiting\n"
        _ = message.withUTF8Buffer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        _exit(130)
    }
}

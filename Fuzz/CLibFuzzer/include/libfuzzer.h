// libFuzzer's entry point for programs that bring their own main (LLVM 11 and later):
// it parses libFuzzer's flags from argc/argv and calls `callback` with each input.
// SwiftPM links an executable with `main` aliased to the module's own entry point, so the
// driver cannot use libFuzzer's main; its main.swift calls this instead.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

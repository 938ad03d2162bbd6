#!/usr/bin/env python3
"""The NumPy/SciPy half of scripts/bench/linalg: times A @ B, scipy.linalg.expm(A) and
scipy.linalg.expm_frechet(A, G) on the matrices LinalgBench saved as .npy, with the
same timing rule: the shortest thread CPU time (time.thread_time: BLAS runs on the
calling thread, and time given to other processes is not counted) of at least 5 runs
and about 0.5 s, after one warm-up.

Usage: linalg_numpy.py FOLDER N...
Prints: n, gemm GFLOP/s, expm ms, expm_frechet ms, expm_frechet ms on the general matrix.
"""
import sys
import time

import numpy as np
import scipy.linalg


def fastest_time(body):
    body()
    times = []
    while len(times) < 5 or (sum(times) < 0.5 and len(times) < 1000):
        start = time.thread_time()
        body()
        times.append(time.thread_time() - start)
    return min(times)


folder = sys.argv[1]
for n in map(int, sys.argv[2:]):
    a = np.load(f"{folder}/A{n}.npy")
    b = np.load(f"{folder}/B{n}.npy")
    g = np.load(f"{folder}/G{n}.npy")
    c = np.empty((n, n), order="F")
    gemm = fastest_time(lambda: np.matmul(a, b, out=c))
    expm = fastest_time(lambda: scipy.linalg.expm(a))
    # expm_frechet(Aᵀ, G) is the adjoint a training step needs; same cost as (A, G).
    frechet = fastest_time(lambda: scipy.linalg.expm_frechet(a.T, g, compute_expm=True))
    general = np.load(f"{folder}/N{n}.npy")
    general_frechet = fastest_time(lambda: scipy.linalg.expm_frechet(general.T, g, compute_expm=True))
    print(f"{n}\t{2 * n**3 / gemm * 1e-9}\t{expm * 1e3}\t{frechet * 1e3}\t{general_frechet * 1e3}")

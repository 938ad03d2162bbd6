#!/usr/bin/env python3
"""Writes the .npy fixtures that Tests/URNNEngineTests/NPYTests.swift reads.

Run from this folder:  python3 make_fixtures.py
The files in the repository were made with numpy 2.4.6 (python 3.11). The values are
exact quotients so that the tests can state them independently: k/7 and -k/3,
computed by a correctly rounded division in both NumPy and Swift.
"""
import numpy as np
from numpy.lib import format as npformat

real = np.arange(12, dtype=np.float64).reshape(3, 4) / 7       # (i, j) -> (4i + j) / 7
k = np.arange(6, dtype=np.float64).reshape(2, 3)
cplx = k / 7 - 1j * (k / 3)                                    # (i, j) -> (3i + j)/7 - i(3i + j)/3

np.save("real_c.npy", real)                                    # format 1.0, C order
np.save("real_fortran.npy", np.asfortranarray(real))           # Fortran order
np.save("complex_c.npy", cplx)                                 # complex128
np.save("vector.npy", np.arange(5, dtype=np.float64) / 7 - 1)  # 1-D: k/7 - 1
np.save("big_endian.npy", real.astype(">f8"))
with open("real_v2.npy", "wb") as f:
    npformat.write_array(f, real, version=(2, 0))
with open("complex_fortran_v3.npy", "wb") as f:
    npformat.write_array(f, np.asfortranarray(cplx), version=(3, 0))

# Files the reader must refuse with a clear error.
np.save("int32.npy", np.arange(4, dtype="<i4"))                # unsupported dtype '<i4'
np.save("cube.npy", np.zeros((2, 2, 2)))                       # 3-D
with open("real_c.npy", "rb") as f:
    good = f.read()
with open("truncated.npy", "wb") as f:
    f.write(good[:-5])                                         # 96 data bytes declared, 91 present
with open("bad_magic.npy", "wb") as f:
    f.write(b"\x93NUMPI" + good[6:])

# A helper module inside the package, imported by absolute name at call time.
import numpy as np


def logsumexp(x):
    m = np.max(x, axis=1, keepdims=True)
    return m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True))

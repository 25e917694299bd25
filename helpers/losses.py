"""Loss functions with their gradients, numerically stable for any logits.

Each returns ``(loss, gradient)`` where the loss is a Python float averaged over the batch and
the gradient has the shape of the first argument. Notebook 02 derives them from maximum
likelihood (categorical → softmax cross-entropy, Bernoulli → logistic loss, Gaussian → MSE);
notebook 04 backpropagates through them.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "binary_cross_entropy",
    "log_softmax",
    "mean_squared_error",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
]


def _float_array(name: str, a) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """``log softmax`` along the last axis, computed as ``z − max z − log Σ exp(z − max z)``."""
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(f"logits need at least one class along the last axis, got shape {z.shape}")
    shifted = z - z.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


def softmax(logits: np.ndarray) -> np.ndarray:
    """``softmax(z)_k = exp(z_k) / Σ_j exp(z_j)`` along the last axis, without overflow."""
    return np.exp(log_softmax(logits))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``σ(z) = 1 / (1 + exp(−z))`` without overflow for large ``|z|``."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _labels(labels, n: int, classes: int) -> np.ndarray:
    y = np.asarray(labels)
    if y.shape != (n,):
        raise ValueError(f"labels must have shape ({n},) to match the logits, got {y.shape}")
    if y.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers (class indices), got dtype {y.dtype}")
    index = y.astype(np.intp, copy=False)  # any integer type, as indices (a no-op for int64)
    # Read as unsigned numbers, negative labels are huge: one reduction checks both ends.
    if index.view(np.uintp).max() >= classes:
        bad = (y < 0) | (y >= classes)
        raise ValueError(
            f"labels must lie in 0..{classes - 1}; got {int(y[bad][0])} at index "
            f"{int(np.flatnonzero(bad)[0])}"
        )
    return index


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood of a categorical model ``softmax(logits)``.

    ``logits``: (N, K) floats; ``labels``: (N,) ints in ``0..K−1``.
    Loss ``−(1/N) Σ_i log softmax(z_i)[y_i]``; gradient ``(softmax(z) − onehot(y)) / N``.
    Both come from one pass: with ``m_i = max_k z_ik`` and ``S_i = Σ_k exp(z_ik − m_i)``,
    ``−log softmax(z_i)[y_i] = log S_i − (z_iy − m_i)`` and ``softmax(z_i) = exp(z_i − m_i) / S_i``.

    The work is done on ``zᵀ`` (one row per class): a sum or maximum over the K classes is then
    K − 1 elementwise operations on rows of N numbers rather than N reductions of K numbers each,
    about twice as fast in NumPy when the classes are few. The gradient is returned as a (N, K)
    view of that (K, N) array.
    """
    z = _float_array("logits", logits)
    if z.ndim != 2:
        raise ValueError(f"logits must have shape (batch, classes), got {z.shape}")
    n, k = z.shape
    y = _labels(labels, n, k)
    shifted = z.T.copy()  # (K, N), one row per class
    shifted -= shifted.max(axis=0)  # z − m: at most 0, so exp cannot overflow
    at_label = y * n + np.arange(n)  # where z_iy lies in the flattened (K·N) array
    picked = shifted.reshape(-1)[at_label].sum()  # Σ_i (z_iy − m_i)
    grad = np.exp(shifted, out=shifted)
    total = grad.sum(axis=0)  # S_i, between 1 and K
    loss = (np.log(total).sum() - picked) / n
    total *= n
    grad /= total  # softmax(z) / N
    grad.reshape(-1)[at_label] -= 1.0 / n  # − onehot(y) / N
    return float(loss), grad.T


def mean_squared_error(predictions: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean of ``(prediction − target)²`` over all elements (the lecture's MSE; Keras' too).

    ``predictions`` and ``targets`` of the same shape. Gradient ``2 (prediction − target) / size``.
    """
    p = _float_array("predictions", predictions)
    t = _float_array("targets", targets)
    if p.shape != t.shape:
        raise ValueError(f"predictions {p.shape} and targets {t.shape} must have the same shape")
    diff = p - t
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def binary_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood of a Bernoulli model ``p = σ(z)`` (the logistic loss).

    ``logits``: (N,) floats; ``labels``: (N,) of 0/1. Loss per example
    ``−y log σ(z) − (1−y) log(1−σ(z)) = max(z, 0) − z·y + log(1 + exp(−|z|))``;
    gradient ``(σ(z) − y) / N``.
    """
    z = _float_array("logits", logits)
    y = np.asarray(labels)
    if y.shape != z.shape:
        raise ValueError(f"labels must have the shape of logits {z.shape}, got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")
    y = y.astype(np.float64)
    per = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(per.mean()), (sigmoid(z) - y) / z.size

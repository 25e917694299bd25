"""Loss functions with their gradients, numerically stable for any logits.

Each returns ``(loss, gradient)`` where the loss is a Python float averaged over the batch and
the gradient has the shape of the first argument. Notebook 02 derives them from maximum
likelihood (categorical → softmax cross-entropy, Bernoulli → logistic loss, Gaussian → MSE);
notebook 04 backpropagates through them.
"""

from __future__ import annotations

import numpy as np

from helpers import validate

__all__ = [
    "binary_cross_entropy",
    "log_softmax",
    "mean_squared_error",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
]


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """``log softmax`` along the last axis, with the log-sum-exp shift:
    ``z − m − log Σ_k exp(z_k − m)`` for ``m = max_k z_k`` (so ``exp`` cannot overflow)."""
    z = validate.array("logits", logits, finite=False)
    if z.ndim == 0:
        raise ValueError(f"logits need a class axis (the last one), got the single number {z}")
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(logits: np.ndarray) -> np.ndarray:
    """``softmax(z)_k = exp(z_k) / Σ_j exp(z_j)`` along the last axis, without overflow."""
    return np.exp(log_softmax(logits))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``σ(z) = 1 / (1 + exp(−z))`` without overflow for large ``|z|``, elementwise (NaN stays
    NaN, ±∞ gives 1 and 0)."""
    z = validate.array("z", z, finite=False)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood of a categorical model ``softmax(logits)``.

    ``logits``: (N, K) floats, one row per example; ``labels``: (N,) ints in ``0..K−1``.
    Loss ``L = −(1/N) Σ_i log softmax(z_i)[y_i]``; gradient
    ``∂L/∂z = (softmax(z) − onehot(y)) / N``.
    """
    z = validate.array("logits", logits, ndim=2)
    n, classes = z.shape
    y = validate.labels("labels", labels, n, classes)
    log_p = log_softmax(z)  # row i: log p(class | x_i), with the log-sum-exp shift
    loss = -np.mean(log_p[np.arange(n), y])
    grad = np.exp(log_p)  # softmax(z)
    grad[np.arange(n), y] -= 1  # − onehot(y)
    return float(loss), grad / n


def mean_squared_error(predictions: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean of ``(prediction − target)²`` over all elements (the lecture's MSE; Keras' too).

    ``predictions`` and ``targets`` of the same shape. Gradient ``2 (prediction − target) / size``.
    """
    p = validate.array("predictions", predictions)
    t = validate.array("targets", targets)
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
    z = validate.array("logits", logits)
    y = np.asarray(labels)
    if y.shape != z.shape:
        raise ValueError(f"labels must have the shape of logits {z.shape}, got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")
    y = y.astype(np.float64)
    per = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(per.mean()), (sigmoid(z) - y) / z.size

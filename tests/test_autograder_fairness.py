"""The autograder is right in both directions.

Every realistic bug, applied alone to a correct student solution, loses points in
the exercise it breaks and in no other (except that the sheet's model in 6.2.5 runs
the student's own Linear and ReLU, as the notebook does); differently written
correct solutions get 5.0 / 5.0.
"""
import pytest

import autograder
from autograder.exercises import EXERCISES
from tests.conftest import SUBMISSIONS, submission_variant
CORRECT = ["correct_plain", "correct_einsum", "correct_package"]
# The sheet's model cell runs the student's own Linear and ReLU, in the notebook and
# in 6.2.5's check on the sheet's data, so a bug there may cost 6.2.5 too.
SHEET_MODEL_FILES = ("layers.py", "activations.py")

# (name, exercise it breaks, file of correct_plain, [(old, new), ...])
BUGS = [
    # 6.2.1 MSE
    ("mse divides by the batch size", "6.2.1", "losses.py",
     [("/ self.y_pred.size", "/ self.y_pred.shape[0]")]),
    ("mse misses the factor 2", "6.2.1", "losses.py",
     [("return 2 * (self.y_pred - self.y_true)", "return (self.y_pred - self.y_true)")]),
    ("mse sign error", "6.2.1", "losses.py",
     [("return 2 * (self.y_pred - self.y_true)", "return 2 * (self.y_true - self.y_pred)")]),
    ("mse gradient without the mean", "6.2.1", "losses.py",
     [("return 2 * (self.y_pred - self.y_true) / self.y_pred.size", "return 2 * (self.y_pred - self.y_true)")]),
    ("mse writes into the caller's predictions", "6.2.1", "losses.py",
     [("return 2 * (self.y_pred - self.y_true) / self.y_pred.size",
       "self.y_pred -= self.y_true\n        return 2 * self.y_pred / self.y_pred.size")]),
    # 6.2.2 cross entropy
    ("cross entropy misses the average", "6.2.2", "losses.py", [("g = g / self.p.shape[0]", "g = g")]),
    ("cross entropy averages twice", "6.2.2", "losses.py",
     [("g = g / self.p.shape[0]", "g = g / self.p.shape[0] ** 2")]),
    ("cross entropy ignores average=False", "6.2.2", "losses.py", [("        if self.average:\n            g", "        if True:\n            g")]),
    ("cross entropy sign error", "6.2.2", "losses.py", [("g = self.p - self.y", "g = self.y - self.p")]),
    ("cross entropy gradient skips the softmax", "6.2.2", "losses.py",
     [("self.y = y_true\n", "self.y = y_true\n        self.o = y_pred\n"), ("g = self.p - self.y", "g = self.o - self.y")]),
    ("cross entropy overflows for large logits", "6.2.2", "losses.py",
     [("e = np.exp(y_pred - np.max(y_pred, axis=1, keepdims=True))", "e = np.exp(y_pred)")]),
    ("cross entropy divides by N·C", "6.2.2", "losses.py", [("g = g / self.p.shape[0]", "g = g / self.p.size")]),
    ("cross entropy keeps the first call's probabilities", "6.2.2", "losses.py",
     [("        self.p = e / np.sum", "        if not hasattr(self, 'p'):\n            self.p = e / np.sum")]),
    # 6.2.3 Linear
    ("linear uses W instead of W^T", "6.2.3", "layers.py",
     [("grad_input = in_gradient @ self.weights.T", "grad_input = in_gradient @ self.weights")]),
    ("linear returns a transposed weight gradient", "6.2.3", "layers.py",
     [("grad_weights = self.x.T @ in_gradient", "grad_weights = in_gradient.T @ self.x")]),
    ("linear averages the weight gradient", "6.2.3", "layers.py",
     [("grad_weights = self.x.T @ in_gradient", "grad_weights = self.x.T @ in_gradient / self.x.shape[0]")]),
    ("linear ignores in_gradient for the weights", "6.2.3", "layers.py",
     [("grad_weights = self.x.T @ in_gradient", "grad_weights = self.x.T @ np.ones_like(in_gradient)")]),
    ("linear returns (grad_input, grad_weights)", "6.2.3", "layers.py",
     [("return grad_weights, grad_input", "return grad_input, grad_weights")]),
    ("linear keeps the first input", "6.2.3", "layers.py", [("self.x = x", "self.x = getattr(self, 'x', x)")]),
    ("linear input gradient sign error", "6.2.3", "layers.py",
     [("grad_input = in_gradient @ self.weights.T", "grad_input = -(in_gradient @ self.weights.T)")]),
    ("linear scales the input gradient by the batch size", "6.2.3", "layers.py",
     [("grad_input = in_gradient @ self.weights.T", "grad_input = in_gradient @ self.weights.T / len(in_gradient)")]),
    # 6.2.4 activations
    ("relu returns the local derivative", "6.2.4", "activations.py",
     [("return in_gradient * (self.x > 0)", "return (self.x > 0) * 1.0")]),
    ("relu gradient 1 at zero", "6.2.4", "activations.py",
     [("return in_gradient * (self.x > 0)", "return in_gradient * (self.x >= 0)")]),
    ("relu writes into its input", "6.2.4", "activations.py",
     [("        self.x = x\n        return np.maximum(0, x)", "        x[x < 0] = 0\n        self.x = x\n        return x")]),
    ("relu keeps the first input", "6.2.4", "activations.py",
     [("        self.x = x\n        return np.maximum(0, x)", "        self.x = getattr(self, 'x', x)\n        return np.maximum(0, x)")]),
    ("leaky relu slope 0.1", "6.2.4", "activations.py", [("def __init__(self, slope=0.01)", "def __init__(self, slope=0.1)")]),
    ("leaky relu gradient 1 at zero", "6.2.4", "activations.py",
     [("local[self.x <= 0] = self.slope", "local[self.x < 0] = self.slope")]),
    ("tanh derivative from the input", "6.2.4", "activations.py",
     [("        self.out = np.tanh(x)", "        self.x = x\n        self.out = np.tanh(x)"),
      ("in_gradient * (1 - self.out ** 2)", "in_gradient * (1 - self.x ** 2)")]),
    ("sigmoid derivative from the input", "6.2.4", "activations.py",
     [("        self.out = np.exp(-np.logaddexp(0, -x))", "        self.x = x\n        self.out = np.exp(-np.logaddexp(0, -x))"),
      ("in_gradient * self.out * (1 - self.out)", "in_gradient * self.x * (1 - self.x)")]),
    ("sigmoid overflows for large inputs", "6.2.4", "activations.py",
     [("self.out = np.exp(-np.logaddexp(0, -x))", "self.out = np.exp(x) / (1 + np.exp(x))")]),
    ("softmax keeps only the Jacobian's diagonal", "6.2.4", "activations.py",
     [("return s * (in_gradient - np.sum(in_gradient * s, axis=1, keepdims=True))", "return in_gradient * s * (1 - s)")]),
    ("softmax gradient sums over the batch axis", "6.2.4", "activations.py",
     [("np.sum(in_gradient * s, axis=1, keepdims=True)", "np.sum(in_gradient * s, axis=0, keepdims=True)")]),
    ("softmax overflows for large inputs", "6.2.4", "activations.py",
     [("e = np.exp(x - np.max(x, axis=1, keepdims=True))", "e = np.exp(x)")]),
    # 6.2.5 Model
    ("model update goes up the gradient", "6.2.5", "model.py",
     [("- lr * grad_weights", "+ lr * grad_weights"), ("- lr * grad_bias", "+ lr * grad_bias")]),
    ("model hard-codes the learning rate", "6.2.5", "model.py",
     [("- lr * grad_weights", "- 0.001 * grad_weights"), ("- lr * grad_bias", "- 0.001 * grad_bias")]),
    ("model ignores the learning rate", "6.2.5", "model.py",
     [("- lr * grad_weights", "- grad_weights"), ("- lr * grad_bias", "- grad_bias")]),
    ("model updates only the last layer", "6.2.5", "model.py",
     [("                grads[i] = (grad_weights, c.grad_bias)", "                if not grads:\n                    grads[i] = (grad_weights, c.grad_bias)")]),
    ("model skips activations in backward", "6.2.5", "model.py", [("            else:\n                g = c.grad(g)", "            else:\n                pass")]),
    ("model does not pass the input gradient on", "6.2.5", "model.py",
     [("grad_weights, g = c.grad(g)", "grad_weights, _ = c.grad(g)")]),
    ("model forward skips activations", "6.2.5", "model.py",
     [("            x = c(x)", "            x = c(x) if hasattr(c, 'weights') else x")]),
    ("model updates biases with the wrong sign", "6.2.5", "model.py", [("- lr * grad_bias", "+ lr * grad_bias")]),
]


@pytest.mark.parametrize("name", CORRECT)
def test_differently_written_correct_solutions_get_full_marks(name):
    result = autograder.grade(SUBMISSIONS / name)
    failures = "\n".join(e.feedback() for e in result.exercises.values() if e.score < e.max_score)
    assert result.score == 5.0, failures


def test_the_bug_corpus_is_large_and_covers_every_exercise():
    assert len(BUGS) >= 30
    assert {exercise for _, exercise, _, _ in BUGS} == set(EXERCISES)


@pytest.mark.parametrize("name, exercise, filename, edits", BUGS, ids=[b[0] for b in BUGS])
def test_each_bug_loses_points_in_the_exercise_it_breaks_and_nowhere_else(tmp_path, name, exercise, filename, edits):
    folder = submission_variant(tmp_path / "submission", {filename: edits})
    result = autograder.grade(folder)
    broken = result.exercises[exercise]
    assert broken.score < broken.max_score, f"{name} was not caught:\n{broken.feedback()}"
    failed = [r for r in broken.checks if not r.passed]
    assert failed and all(r.messages for r in failed), "every failed check says why"
    for other, exercise_result in result.exercises.items():
        if other == exercise or (other == "6.2.5" and filename in SHEET_MODEL_FILES):
            continue
        assert exercise_result.score == exercise_result.max_score, (
            f"{name} also cost points in {other}:\n{exercise_result.feedback()}")

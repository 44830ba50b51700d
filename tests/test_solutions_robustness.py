"""solutions/ is robust: extreme values, callers' arrays, reuse, integer input, bad input, no loops."""
import ast
import pathlib
import warnings

import numpy as np
import pytest

from solutions.activations import LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from solutions.layers import Linear
from solutions.losses import CrossEntropy, MSELoss
from solutions.model import Model

SOLUTIONS = pathlib.Path(__file__).resolve().parents[1] / "solutions"
ACTIVATIONS = [ReLU, LeakyReLU, Tanh, Sigmoid, Softmax]
rng = np.random.default_rng(0)


def component_runs():
    """(name, forward(), backward()) for every differentiable piece, on fixed random data."""
    x = rng.standard_normal((5, 4)) * 3
    g = rng.standard_normal((5, 4))
    runs = [(a.__name__, a(), (x,), (g,)) for a in ACTIVATIONS]
    layer = Linear(4, 3)
    runs.append(("Linear", layer, (x,), (rng.standard_normal((5, 3)),)))
    runs.append(("MSELoss", MSELoss(), (x, rng.standard_normal((5, 4))), ()))
    runs.append(("CrossEntropy", CrossEntropy(), (x, np.eye(4)[[0, 1, 2, 3, 0]]), ()))
    runs.append(("CrossEntropy(sum)", CrossEntropy(average=False), (x, np.array([3, 2, 1, 0, 0])), ()))
    return runs


RUNS = component_runs()


def as_list(result):
    """grad results as a list of arrays: Linear returns a tuple, the rest one array."""
    return list(result) if isinstance(result, tuple) else [result]
IDS = [name for name, *_ in RUNS]


@pytest.mark.parametrize("name, component, forward_args, grad_args", RUNS, ids=IDS)
def test_callers_arrays_are_never_mutated(name, component, forward_args, grad_args):
    copies = [a.copy() for a in forward_args + grad_args]
    component(*forward_args)
    component.grad(*grad_args)
    for before, after in zip(copies, forward_args + grad_args):
        np.testing.assert_array_equal(before, after, err_msg=f"{name} changed an argument")


@pytest.mark.parametrize("name, component, forward_args, grad_args", RUNS, ids=IDS)
def test_grad_twice_gives_the_same_result(name, component, forward_args, grad_args):
    component(*forward_args)
    first = as_list(component.grad(*grad_args))
    second = as_list(component.grad(*grad_args))
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name, component, forward_args, grad_args", RUNS, ids=IDS)
def test_reused_object_differentiates_its_latest_call(name, component, forward_args, grad_args):
    other_args = tuple(a * 2 + 1 if i == 0 else a for i, a in enumerate(forward_args))
    component(*forward_args)
    component(*other_args)
    reused = as_list(component.grad(*grad_args))
    fresh = type(component)(*([4, 3] if name == "Linear" else []))
    if name == "Linear":
        fresh.weights, fresh.bias = component.weights, component.bias
    if isinstance(component, CrossEntropy):
        fresh.average = component.average
    fresh(*other_args)
    expected = as_list(fresh.grad(*grad_args))
    for a, b in zip(reused, expected, strict=True):
        np.testing.assert_array_equal(a, b)


def test_integer_arrays_are_accepted_everywhere():
    x = np.array([[0, 1, -2], [3, -4, 5]])
    for activation in ACTIVATIONS:
        a = activation()
        assert a(x).dtype == np.float64
        assert a.grad(np.ones((2, 3), dtype=int)).dtype == np.float64
    layer = Linear(3, 2)
    layer(x)
    assert layer.grad(np.ones((2, 2), dtype=int))[1].dtype == np.float64
    loss = MSELoss()
    assert loss(np.array([0, 1, 2]), np.array([1, 3, 3])) == 2.0
    ce = CrossEntropy()
    ce(x, np.array([[0, 0, 1], [1, 0, 0]]))
    assert ce.grad().dtype == np.float64


EXTREMES = np.array([[-1e4, -1000.0, -700.0, 0.0, 700.0, 1000.0, 1e4],
                     [1e300, -1e300, 1e-300, 745.0, -745.0, 36.0, -36.0]])


@pytest.mark.parametrize("activation", [Sigmoid, Tanh, ReLU, LeakyReLU], ids=lambda a: a.__name__)
def test_elementwise_activations_stay_finite_without_warnings(activation):
    a = activation()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, dx = a(EXTREMES), a.grad(np.ones_like(EXTREMES))
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx))


def test_sigmoid_saturates_to_exact_limits():
    s = Sigmoid()(np.array([[-1000.0, 1000.0]]))
    np.testing.assert_array_equal(s, [[0.0, 1.0]])


def test_softmax_and_cross_entropy_handle_huge_logits():
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -999.0], [1e5, 1e5, -1e5]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        softmax = Softmax()
        p = softmax(logits)
        dx = softmax.grad(np.ones_like(logits))
        ce = CrossEntropy()
        value = ce(logits, np.eye(3))
        grad = ce.grad()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert np.all(np.isfinite(dx)) and np.all(np.isfinite(grad))
    # -log softmax of the target class: row 0 is 0, row 1 is 1000 + log(1 + e^-1 ...)
    # and row 2 is 2e5: the exact log-softmax keeps them, an epsilon would cap them at 18.4.
    expected = (0.0 + (1000.0 - 999.0 + np.log(1 + 2 * np.exp(-1.0))) + (2e5 + np.log(2))) / 3
    np.testing.assert_allclose(value, expected, rtol=1e-12)


ERRORS = [
    ("grad before forward", lambda: ReLU().grad(np.ones((2, 2))), RuntimeError, "before any forward"),
    ("softmax grad before forward", lambda: Softmax().grad(np.ones((2, 2))), RuntimeError, "before any forward"),
    ("Linear grad before forward", lambda: Linear(2, 2).grad(np.ones((2, 2))), RuntimeError, "before any forward"),
    ("MSE grad before loss", lambda: MSELoss().grad(), RuntimeError, r"call loss\(y_pred, y_true\) first"),
    ("CE grad before loss", lambda: CrossEntropy().grad(), RuntimeError, r"call loss\(y_pred, y_true\) first"),
    ("Model backward before forward", lambda: Model([ReLU()]).backward(np.ones((1, 1))), RuntimeError,
     r"before Model\.forward"),
    ("activation gradient shape", lambda: _after(ReLU(), np.ones((2, 3))).grad(np.ones((3, 2))), ValueError,
     r"in_gradient has shape \(3, 2\).*\(2, 3\)"),
    ("Linear input width", lambda: Linear(3, 2)(np.ones((4, 5))), ValueError, r"input has shape \(4, 5\).*\(N, 3\)"),
    ("Linear 1-D input", lambda: Linear(3, 2)(np.ones(3)), ValueError, r"input has shape \(3,\)"),
    ("Linear gradient shape", lambda: _after(Linear(3, 2), np.ones((4, 3))).grad(np.ones((4, 3))), ValueError,
     r"in_gradient has shape \(4, 3\).*\(4, 2\)"),
    ("MSE shapes", lambda: MSELoss()(np.ones((3, 1)), np.ones(3)), ValueError, r"\(3, 1\).*\(3,\)"),
    ("CE target shape", lambda: CrossEntropy()(np.ones((2, 3)), np.ones((2, 4))), ValueError,
     r"targets have shape \(2, 4\)"),
    ("CE 1-D logits", lambda: CrossEntropy()(np.ones(3), np.array([1])), ValueError, r"shape \(N, C\)"),
    ("CE target not one-hot", lambda: CrossEntropy()(np.ones((2, 3)), np.array([[0, 2, 0], [1, 0, 0]])),
     ValueError, r"one-hot rows or probabilities"),
    ("CE target row of zeros", lambda: CrossEntropy()(np.ones((2, 3)), np.array([[0, 0, 0], [1, 0, 0]])),
     ValueError, r"row 0 sums to 0"),
    ("CE target two ones", lambda: CrossEntropy()(np.ones((2, 3)), np.array([[1, 0, 0], [1, 1, 0]])),
     ValueError, r"row 1 sums to 2"),
    ("CE class out of range", lambda: CrossEntropy()(np.ones((2, 3)), np.array([0, 3])), ValueError,
     r"0\.\.2 for 3 classes"),
    ("CE negative class", lambda: CrossEntropy()(np.ones((2, 3)), np.array([-1, 0])), ValueError, r"0\.\.2"),
    ("CE fractional class", lambda: CrossEntropy()(np.ones((2, 3)), np.array([0.5, 1.0])), ValueError,
     "whole numbers"),
    ("CE NaN logits", lambda: CrossEntropy()(np.array([[np.nan, 0.0]]), np.array([0])), ValueError, "NaN"),
    ("update with wrong grads", lambda: Model([Linear(2, 2)]).update_parameters([{}, {}], 0.1), ValueError,
     "2 gradient entries for 1 components"),
    ("update with bad lr", lambda: Model([Linear(2, 2)]).update_parameters([{}], "0.1"), ValueError,
     "lr must be a finite real number"),
    ("update with wrong gradient shape",
     lambda: Model([Linear(2, 2)]).update_parameters([{"weights": np.ones((3, 2))}], 0.1), ValueError,
     r"Linear.weights has shape \(3, 2\)"),
]


def _after(component, x):
    component(x)
    return component


@pytest.mark.parametrize("name, call, error, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input_gets_a_clear_error(name, call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_model_update_keeps_the_forward_weights_for_a_late_grad():
    """Replacing weights after a forward pass must not change that pass's gradient."""
    layer = Linear(3, 2)
    x, g = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    weights_used = layer.weights
    layer(x)
    Model([layer]).update_parameters([{"weights": np.ones((3, 2))}], 0.5)
    np.testing.assert_allclose(layer.grad(g)[1], g @ weights_used.T)


def test_model_without_bias_gradients_still_updates_weights():
    """A layer that keeps no grad_bias (as the sheet allows) is updated on its weights alone."""
    layer = Linear(3, 2)
    bias = layer.bias.copy()
    model = Model([layer])
    model.forward(rng.standard_normal((4, 3)))
    grads = model.backward(rng.standard_normal((4, 2)))
    del grads[0]["bias"]
    weights = layer.weights.copy()
    model.update_parameters(grads, 0.1)
    np.testing.assert_array_equal(layer.bias, bias)
    np.testing.assert_allclose(layer.weights, weights - 0.1 * grads[0]["weights"])


def _loops(tree):
    return [node for node in ast.walk(tree)
            if isinstance(node, (ast.For, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))]


@pytest.mark.parametrize("module", ["activations.py", "losses.py", "layers.py"])
def test_forward_and_backward_passes_have_no_python_loops(module):
    loops = _loops(ast.parse((SOLUTIONS / module).read_text()))
    assert not loops, f"{module}: Python loop at line {loops[0].lineno}; use vectorized NumPy"


def test_model_loops_only_over_its_components():
    source = (SOLUTIONS / "model.py").read_text()
    for loop in _loops(ast.parse(source)):
        iterated = ast.get_source_segment(source, loop.iter)
        assert "components" in iterated or iterated == "component_grads.items()", (
            f"model.py line {loop.lineno} loops over {iterated!r}, not over the model's components")

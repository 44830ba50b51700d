"""What runs inside the sandboxed process: import the student's modules, call them, send back arrays.

Nothing here compares or scores. Each check names a *program* below (a short,
fixed sequence of calls on the student's classes, as the notebook makes them)
and its inputs; the values the student's code returns travel back to the grader
as a NumPy .npz archive read with allow_pickle=False, so the grader never
unpickles anything this process made, whatever the student's code did to it.

Only the standard library and NumPy are imported here: the process server that
forks these processes preloads this module and must stay free of torch.
"""
import copy
import io
import json
import os
import resource
import sys
import traceback
import types

import numpy as np

# Autodiff libraries would do the exercise for the student; the kit's own packages
# hold the reference solution and the expected values.
BANNED_LIBRARIES = frozenset({"torch", "jax", "jaxlib", "autograd", "tensorflow", "keras", "mxnet",
                              "chainer", "theano", "paddle", "functorch"})
KIT_PACKAGES = frozenset({"solutions", "autograder"})
OUTPUT_KEPT = 2000  # characters of a submission's printed output kept for its feedback


class _CappedOutput(io.TextIOBase):
    """sys.stdout/sys.stderr for student code: keeps the first characters, counts the rest."""

    def __init__(self):
        self.kept, self.total = [], 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = OUTPUT_KEPT - min(self.total, OUTPUT_KEPT)
        if room:
            self.kept.append(text[:room])
        self.total += len(text)
        return len(text)

    def take(self):
        text, total = "".join(self.kept), self.total
        self.kept, self.total = [], 0
        return text, total


class _ImportBlocker:
    """First on sys.meta_path: refuses autodiff libraries and the kit's own packages."""

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in BANNED_LIBRARIES:
            raise ImportError(f"{top} cannot be imported while grading: the exercise is to implement the "
                              f"gradients by hand, with NumPy")
        if top in KIT_PACKAGES:
            raise ImportError(f"{top} is not available to submissions")
        return None


# ---------------------------------------------------------------- programs
# Each takes the student's modules and the check's inputs and returns named values.


def _new(module, class_name, *args, **kwargs):
    cls = getattr(module, class_name, None)
    if cls is None:
        raise LookupError(f"{module.__name__} has no {class_name}")
    return cls(*args, **kwargs)


def mse(modules, y_pred, y_true, first_call=None):
    loss = _new(modules["losses"], "MSELoss")
    if first_call is not None:
        loss(*first_call)
    value = loss(y_pred, y_true)
    return {"loss": value, "grad": loss.grad()}


def cross_entropy(modules, logits, targets, average=None, first_call=None):
    loss = _new(modules["losses"], "CrossEntropy", *(() if average is None else (average,)))
    if first_call is not None:
        loss(*first_call)
    value = loss(logits, targets)
    return {"loss": value, "grad": loss.grad()}


def linear(modules, x, weights, bias, in_gradient, first_x=None):
    layer = _new(modules["layers"], "Linear", *weights.shape)
    layer.weights, layer.bias = weights.copy(), bias.copy()
    if first_x is not None:
        layer(first_x)
    output = layer(x)
    result = layer.grad(in_gradient)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(f"Linear.grad returned {type(result).__name__}, not the pair "
                        f"(grad_weights, grad_input) the sheet unpacks")
    return {"output": output, "grad_weights": result[0], "grad_input": result[1]}


def activation(modules, name, x, in_gradient, first_x=None):
    component = _new(modules["activations"], name)
    if first_x is not None:
        component(first_x)
    output = component(x)
    return {"output": output, "grad": component.grad(in_gradient)}


def model(modules, layers, activations, x, loss_gradient, lr):
    components, linears = [], []
    for (weights, bias), name in zip(layers, activations):
        layer = _new(modules["layers"], "Linear", *weights.shape)
        layer.weights, layer.bias = weights.copy(), bias.copy()
        components.append(layer)
        linears.append(layer)
        if name is not None:
            components.append(_new(modules["activations"], name))
    net = _new(modules["model"], "Model", components)
    output = net.forward(x)
    grads = net.backward(loss_gradient)
    net.update_parameters(grads, lr)
    values = {"output": output}
    for i, layer in enumerate(linears):
        values[f"weights{i}"], values[f"bias{i}"] = layer.weights, layer.bias
    return values


PROGRAMS = {f.__name__: f for f in (mse, cross_entropy, linear, activation, model)}


# ---------------------------------------------------------------- protocol


def encode(header, arrays=None):
    """One message: a JSON header and float arrays, as .npz bytes."""
    buffer = io.BytesIO()
    header_bytes = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez(buffer, __header__=header_bytes, **(arrays or {}))
    return buffer.getvalue()


def _as_array(value):
    """The student's value as a float64 array, or a description of why it is not one."""
    if value is None:
        return None, "None"
    if isinstance(value, (str, bytes, dict, set)):
        return None, type(value).__name__
    try:
        array = np.array(value, dtype=np.float64)
    except Exception:  # ragged lists, objects that are not numbers
        return None, type(value).__name__
    return array, None


def _student_frame(tb, submission_dir):
    """'file.py line N, in function' of the deepest frame in the student's files, if any."""
    frames = [f for f in traceback.extract_tb(tb) if f.filename.startswith(submission_dir)]
    if not frames:
        return ""
    frame = frames[-1]
    return f" ({os.path.relpath(frame.filename, submission_dir)} line {frame.lineno}, in {frame.name})"


def _describe(error, submission_dir):
    if isinstance(error, SystemExit):
        return f"the code called sys.exit({error.code!r}) / exit()"
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}{': ' + text[:300] if text else ''}{_student_frame(error.__traceback__, submission_dir)}"


def _isolate(submission_dir, memory_bytes, cpu_seconds):
    """Turns this freshly forked process into the sandbox for one submission."""
    os.setsid()  # own process group: the grader kills the group on a time-out
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # output written straight to the file descriptors goes nowhere
    os.dup2(devnull, 2)
    output = _CappedOutput()
    sys.stdout = sys.stderr = output
    # The submission, then only the interpreter's own libraries: neither the kit's
    # folder (solutions/, autograder/) nor the grader's working directory.
    prefixes = tuple({sys.prefix, sys.base_prefix})
    sys.path[:] = [submission_dir] + [p for p in sys.path if p and os.path.abspath(p).startswith(prefixes)]
    for name in list(sys.modules):
        if name.partition(".")[0] in KIT_PACKAGES | BANNED_LIBRARIES:
            del sys.modules[name]
    sys.meta_path.insert(0, _ImportBlocker())
    os.chdir(submission_dir)
    return output


def _load_reference(sources):
    """Reference modules from source text, registered under the student's module names.

    Used for 6.2.5 graded with the reference layers and activations: a student's
    `from layers import Linear` in model.py then gets the reference class. They
    are never importable as `solutions`.
    """
    modules = {}
    for name, source in sources.items():
        module = types.ModuleType(name)
        exec(compile(source, f"<reference {name}>", "exec"), module.__dict__)
        sys.modules[name] = modules[name] = module
    return modules


def main(conn, submission_dir, checks, reference_sources, memory_bytes, cpu_seconds):
    """Runs `checks` [(index, program, modules, inputs)] and streams one message per step."""
    output = _isolate(submission_dir, memory_bytes, cpu_seconds)
    modules = _load_reference(reference_sources) if reference_sources else {}
    import_errors = {}
    for index, program, needed, shared_inputs in checks:
        conn.send_bytes(encode({"type": "start", "check": index}))
        # Checks may share arrays (pickling keeps identity): each gets its own, so
        # one that writes into its input cannot change another's data.
        inputs = copy.deepcopy(shared_inputs)
        problem = None
        for name in needed:
            if name in modules or name in import_errors:
                continue
            conn.send_bytes(encode({"type": "importing", "module": name}))
            try:
                modules[name] = __import__(name)
            except BaseException as error:  # SystemExit and friends too: they are the student's
                import_errors[name] = f"importing {name} failed: {_describe(error, submission_dir)}"
            conn.send_bytes(encode({"type": "imported", "module": name}))
        missing = [import_errors[name] for name in needed if name in import_errors]
        values, arrays, wrong_types = {}, {}, {}
        if missing:
            problem = missing[0]
        else:
            try:
                values = PROGRAMS[program](modules, **inputs)
            except BaseException as error:  # SystemExit too: it must not end the other checks
                problem = _describe(error, submission_dir)
        for name, value in values.items():
            arrays[name], wrong_types[name] = _as_array(value)
        # What the student's code left in the inputs tells whether it wrote into
        # the caller's arrays.
        for name, value in inputs.items():
            if isinstance(value, np.ndarray):
                arrays[f"argument__{name}"] = value
        printed, printed_total = output.take()
        header = {"type": "result", "check": index, "problem": problem, "wrong_types": wrong_types,
                  "printed": printed, "printed_total": printed_total}
        conn.send_bytes(encode(header, {k: v for k, v in arrays.items() if v is not None}))
    conn.send_bytes(encode({"type": "done"}))

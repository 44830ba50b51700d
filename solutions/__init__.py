"""Reference implementation of the toy library (Exercise 6.2), the ground truth of the kit.

The modules are written to be imported by name from this folder, exactly as the
exercise notebook imports a student's files (`from activations import ReLU`), so
each imports only NumPy and never another module of the library.
"""

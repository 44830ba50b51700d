class Model:
    """Keeps the components; gradients are returned as (layer, dW, db) triples."""

    def __init__(self, components):
        self.components = components

    def forward(self, x):
        for component in self.components:
            x = component(x)
        return x

    def backward(self, loss_gradient):
        triples = []
        upstream = loss_gradient
        for component in self.components[::-1]:
            out = component.grad(upstream)
            if isinstance(out, tuple):
                dW, upstream = out
                db = getattr(component, "db", None)
                if db is None:
                    db = getattr(component, "grad_bias", None)
                triples.append((component, dW, db))
            else:
                upstream = out
        return triples

    def update_parameters(self, grads, lr):
        for layer, dW, db in grads:
            layer.weights -= lr * dW
            if db is not None:
                layer.bias -= lr * db

class Model:
    def __init__(self, components):
        self.components = components

    def forward(self, x):
        for c in self.components:
            x = c(x)
        return x

    def backward(self, loss_gradient):
        grads = {}
        g = loss_gradient
        for i in range(len(self.components) - 1, -1, -1):
            c = self.components[i]
            if hasattr(c, "weights"):
                grad_weights, g = c.grad(g)
                grads[i] = (grad_weights, c.grad_bias)
            else:
                g = c.grad(g)
        return grads

    def update_parameters(self, grads, lr):
        for i, (grad_weights, grad_bias) in grads.items():
            self.components[i].weights = self.components[i].weights - 0.001 * grad_weights  # BUG: hard-coded learning rate
            self.components[i].bias = self.components[i].bias - 0.001 * grad_bias

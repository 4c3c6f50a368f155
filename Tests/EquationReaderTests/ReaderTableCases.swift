import Testing

extension ReaderTable {
    /// Formulas the reader reads today, with the claim language as it is.
    static let cases: [ReadingCase] =
        fractions + leibniz + operators + primes + juxtaposition + products + functions
        + subscripts + spellings + transposes + groupings + environments + separators + layout + relations

    /// Fractions: `\frac`, `\dfrac`, `\tfrac`, `\frac12`, `\over`.
    static let fractions: [ReadingCase] = [
        formula(#"\frac{a - y}{a(1 - a)}"#, Fence.bce, "expr: (a - y)/(a*(1 - a))"),
        formula(#"\dfrac{1}{1 + e^{-z}}"#, Fence.z, "expr: 1/(1 + exp(-z))"),
        formula(#"\tfrac{1}{2} (a - y)^2"#, Fence.bce, "expr: 1/2*(a - y)^2"),
        formula(#"\frac12 x^2"#, Fence.x, "expr: 1/2*x^2"),
        formula(#"{1 \over 2} x^2"#, Fence.x, "expr: 1/2*x^2"),
        formula(#"{x \over 1 + x}"#, Fence.positive, "expr: x/(1 + x)"),
        formula(#"\frac{1}{\sigma(z)} - 1 = e^{-z}"#, Fence.z, "1/σ(z) - 1 = exp(-z)"),
        formula(#"\frac{\frac{1}{x}}{y}"#, Fence.positive, "expr: (1/x)/y"),
        formula(#"\frac{x+y}{2}"#, "", "expr: (x + y)/2"),
        formula(#"\frac{a}{b} \cdot \frac{b}{c} = \frac{a}{c}"#, "", "a/b*(b/c) = a/c"),
        formula(
            #"\dfrac{\partial L}{\partial a} = -\dfrac{y}{a} + \dfrac{1 - y}{1 - a}"#, Fence.bce,
            "∂L/∂a = -(y/a) + (1 - y)/(1 - a)"),
        formula(#"x^{\frac12}"#, Fence.positive, "expr: x^(1/2)"),
        formula(#"\frac{1}{2}\left(\hat{y} - y\right)^2"#, Fence.mse, "expr: 1/2*(ŷ - y)^2"),
        formula(#"\frac{2}{1+e^{-2x}} - 1 = \tanh x"#, Fence.x, "2/(1 + exp(-(2*x))) - 1 = tanh(x)"),
        formula(#"\frac{e^{z}}{1 + e^{z}} = \frac{1}{1 + e^{-z}}"#, Fence.z, "exp(z)/(1 + exp(z)) = 1/(1 + exp(-z))"),
        formula(#"\frac{1}{2}\,\frac{1}{2} = \frac14"#, "", "1/2*(1/2) = 1/4"),
        formula(#"\dfrac{x}{2} + \tfrac{y}{3}"#, "", "expr: x/2 + y/3"),
        formula(#"\frac{x^2 - 1}{x + 1} = x - 1"#, Fence.positive, "(x^2 - 1)/(x + 1) = x - 1"),
    ]

    /// Leibniz derivatives: partial and total, `\mathrm{d}`, orders, hats, subscripts, bold names.
    static let leibniz: [ReadingCase] = [
        formula(#"\frac{\partial L}{\partial z} = a - y"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\frac{dL}{dz} = a - y"#, Fence.bce, "dL/dz = a - y"),
        formula(#"\frac{\mathrm{d}L}{\mathrm{d}z} = a - y"#, Fence.bce, "dL/dz = a - y"),
        formula(#"\frac{\mathrm dL}{\mathrm dz} = a - y"#, Fence.bce, "dL/dz = a - y"),
        formula(#"\frac{\text{d}a}{\text{d}z} = a(1-a)"#, Fence.bce, "da/dz = a*(1 - a)"),
        formula(#"\frac{\partial a}{\partial z} = a (1 - a)"#, Fence.bce, "∂a/∂z = a*(1 - a)"),
        formula(#"\frac{\partial^2 L}{\partial z^2} = a(1-a)"#, Fence.bce, "∂²L/∂z² = a*(1 - a)"),
        formula(#"\frac{\partial^{2} L}{\partial z^{2}} = a(1 - a)"#, Fence.bce, "∂²L/∂z² = a*(1 - a)"),
        formula(#"\frac{d^2 a}{dz^2} = a(1-a)(1-2a)"#, Fence.bce, "d²a/dz² = a*(1 - a)*(1 - 2*a)"),
        formula(#"\frac{d^{2}L}{dz^{2}} = a(1 - a)"#, Fence.bce, "d²L/dz² = a*(1 - a)"),
        formula(#"\frac{\mathrm{d}^2 a}{\mathrm{d} z^2} = a(1-a)(1-2a)"#, Fence.bce, "d²a/dz² = a*(1 - a)*(1 - 2*a)"),
        formula(#"\frac{\partial L}{\partial \hat{y}} = \hat{y} - y"#, Fence.mse, "∂L/∂ŷ = ŷ - y"),
        formula(#"\frac{d\hat{y}}{dw} = x"#, Fence.mse, "dŷ/dw = x"),
        formula(#"\frac{\partial L}{\partial w} = (\hat{y} - y)x"#, Fence.mse, "∂L/∂w = (ŷ - y)*x"),
        formula(#"\frac{\partial L}{\partial b} = \hat y - y"#, Fence.mse, "∂L/∂b = ŷ - y"),
        formula(#"\frac{\partial \hat{y}}{\partial b} = 1"#, Fence.mse, "∂ŷ/∂b = 1"),
        formula(
            #"\frac{\partial a_i}{\partial z_j} = a_i(1 - a_i)\delta_{ij}"#, Fence.activations,
            "∂a[i]/∂z[j] = a[i]*(1 - a[i])*δ(i, j) for i, j"),
        formula(#"\frac{\partial L}{\partial W_{ij}} = g_i x_j"#, Fence.weights, "∂L/∂W[i, j] = g[i]*x[j] for i, j"),
        formula(#"\frac{\partial L}{\partial W_{i,j}} = g_i x_j"#, Fence.weights, "∂L/∂W[i, j] = g[i]*x[j] for i, j"),
        formula(#"\frac{\partial L}{\partial W_{i j}} = g_{i} x_{j}"#, Fence.weights, "∂L/∂W[i, j] = g[i]*x[j] for i, j"),
        formula(#"\frac{\partial z_i}{\partial x_j} = W_{ij}"#, Fence.weights, "∂z[i]/∂x[j] = W[i, j] for i, j"),
        formula(#"\frac{\partial z_1}{\partial x_2} = W_{1,2}"#, Fence.weights, "∂z[1]/∂x[2] = W[1, 2]"),
        formula(#"\frac{\partial (x^3)}{\partial x} = 3x^2"#, Fence.x, "∂/∂x(x^3) = 3*x^2"),
        formula(#"\frac{d (x^2 + 1)}{dx} = 2x"#, "", "d/dx(x^2 + 1) = 2*x"),
        formula(#"\frac{\partial h}{\partial x} = 1 - h^2"#, Fence.tanhUnit, "∂h/∂x = 1 - h^2"),
        formula(#"\frac{dy}{dx} = 2x"#, "", "dy/dx = 2*x"),
        formula(
            #"\frac{\partial L}{\partial a}\frac{\partial a}{\partial z} = a - y"#, Fence.bce,
            "(∂L/∂a)*(∂a/∂z) = a - y"),
        formula(
            #"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a} \cdot \frac{\partial a}{\partial z}"#,
            Fence.bce, "∂L/∂z = (∂L/∂a)*(∂a/∂z)"),
        formula(
            #"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a}\frac{\partial a}{\partial z}\frac{\partial z}{\partial w} = (a - y)x"#,
            Fence.logistic, "∂L/∂w = (∂L/∂a)*(∂a/∂z)*(∂z/∂w) = (a - y)*x"),
        formula(#"\frac{\partial L}{\partial \theta} = 2x(\theta x - 1)"#, Fence.theta, "∂L/∂θ = 2*x*(θ*x - 1)"),
        formula(
            #"\frac{\partial L}{\partial \boldsymbol{\theta}} = 2x(\boldsymbol\theta x - 1)"#, Fence.theta,
            "∂L/∂θ = 2*x*(θ*x - 1)"),
        formula(#"\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{z})"#, Fence.softmaxHat, "ŷ = softmax(z)"),
        formula(#"\mathbf{\hat{y}} = \operatorname{softmax}(\mathbf{z})"#, Fence.softmaxHat, "ŷ = softmax(z)"),
        formula(
            #"\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j)"#, Fence.softmax,
            "∂p[i]/∂z[j] = p[i]*(δ(i, j) - p[j]) for i, j"),
        formula(#"\frac{\partial L}{\partial z_i} = p_i - y_i"#, Fence.softmax, "∂L/∂z[i] = p[i] - y[i] for i"),
        formula(#"\frac{\partial L}{\partial \mathbf{z}} = \mathbf{p} - \mathbf{y}"#, Fence.softmax, "∂L/∂z = p - y"),
        formula(
            #"\frac{\partial L}{\partial \boldsymbol{z}} = \boldsymbol{p} - \boldsymbol{y}"#, Fence.softmax,
            "∂L/∂z = p - y"),
        formula(#"\frac{\partial L}{\partial \vec{z}} = \vec p - \vec y"#, Fence.softmax, "∂L/∂z = p - y"),
        formula(#"\frac{\partial L}{\partial \bm{z}} = \bm{p} - \bm{y}"#, Fence.softmax, "∂L/∂z = p - y"),
        formula(#"\frac{\partial L}{\partial b} = a - y"#, Fence.logistic, "∂L/∂b = a - y"),
        formula(#"\frac{\partial z}{\partial w} = x"#, Fence.logistic, "∂z/∂w = x"),
        formula(#"\frac{\partial Z}{\partial A_{prev}} = w"#, Fence.scalarPrevious, "∂Z/∂A_prev = w"),
    ]

    /// Derivatives in operator form: the operand is the next factor.
    static let operators: [ReadingCase] = [
        formula(
            #"\frac{\partial}{\partial z}\left(\frac{1}{1+e^{-z}}\right) = \frac{e^{-z}}{(1+e^{-z})^2}"#, Fence.z,
            "∂/∂z(1/(1 + exp(-z))) = exp(-z)/(1 + exp(-z))^2"),
        formula(#"\frac{d}{dx}\left[x^3 - x\right] = 3x^2 - 1"#, Fence.x, "d/dx(x^3 - x) = 3*x^2 - 1"),
        formula(#"\frac{d}{dx} \tanh x = 1 - \tanh^2 x"#, Fence.x, "d/dx(tanh(x)) = 1 - tanh(x)^2"),
        formula(#"\frac{\mathrm{d}}{\mathrm{d}x} e^{x} = e^{x}"#, Fence.x, "d/dx(exp(x)) = exp(x)"),
        formula(
            #"\frac{\partial}{\partial w}\Big(\hat{y} - y\Big)^2 = 2(\hat y - y)x"#, Fence.mse,
            "∂/∂w((ŷ - y)^2) = 2*(ŷ - y)*x"),
        formula(#"\frac{d}{dz}\log\sigma(z) = 1 - \sigma(z)"#, Fence.z, "d/dz(log(σ(z))) = 1 - σ(z)"),
        formula(#"\frac{d}{dx}(x^2) = 2x"#, "", "d/dx(x^2) = 2*x"),
        formula(
            #"\frac{\partial}{\partial a}\bigl[-y\log a - (1-y)\log(1-a)\bigr] = \frac{a - y}{a(1-a)}"#, Fence.bce,
            "∂/∂a(-(y*log(a)) - (1 - y)*log(1 - a)) = (a - y)/(a*(1 - a))"),
        formula(#"\frac{d^2}{dx^2} x^3 = 6x"#, "", "d²/dx²(x^3) = 6*x"),
        formula(
            #"\frac{\partial^2}{\partial z^2} \log(1 + e^{z}) = \sigma(z)(1 - \sigma(z))"#, Fence.z,
            "∂²/∂z²(log(1 + exp(z))) = σ(z)*(1 - σ(z))"),
        formula(#"\frac{d}{dz}\sigma(z) = \sigma(z)(1 - \sigma(z))"#, Fence.z, "d/dz(σ(z)) = σ(z)*(1 - σ(z))"),
        formula(#"\frac{\partial}{\partial z} L = a - y"#, Fence.bce, "∂/∂z(L) = a - y"),
        formula(#"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(x)"#, Fence.x, "d/dx(softplus(x)) = σ(x)"),
    ]

    /// Primes: on a function applied to a bare name, and on a bracket.
    static let primes: [ReadingCase] = [
        formula(#"\sigma'(z) = \sigma(z)(1-\sigma(z))"#, Fence.z, "d/dz(σ(z)) = σ(z)*(1 - σ(z))"),
        formula(#"f'(x) = 3x^2 - 1"#, Fence.functions, "d/dx(f(x)) = 3*x^2 - 1"),
        formula(#"g'(x) = g(x)(1 - g(x))"#, Fence.functions, "d/dx(g(x)) = g(x)*(1 - g(x))"),
        formula(#"f''(x) = 6x"#, Fence.functions, "d²/dx²(f(x)) = 6*x"),
        formula(
            #"\left(\frac{1}{1+e^{-z}}\right)' = \frac{e^{-z}}{(1+e^{-z})^2}"#, Fence.z,
            "d/dz(1/(1 + exp(-z))) = exp(-z)/(1 + exp(-z))^2"),
        formula(#"(x^3 - x)' = 3x^2 - 1"#, Fence.x, "d/dx(x^3 - x) = 3*x^2 - 1"),
        formula(#"(\log(1 + e^{z}))' = \sigma(z)"#, Fence.z, "d/dz(log(1 + exp(z))) = σ(z)"),
        formula(#"\tanh'(x) = 1 - \tanh^2(x)"#, Fence.x, "d/dx(tanh(x)) = 1 - tanh(x)^2"),
        formula(#"(a(1-a))' = a(1-a)(1-2a)"#, Fence.bce, "d/dz(a*(1 - a)) = a*(1 - a)*(1 - 2*a)"),
        formula(#"\sigma'(x) \le \frac14"#, Fence.x, "d/dx(σ(x)) ≤ 1/4"),
    ]

    /// Juxtaposition: products, and function notation of declared values.
    static let juxtaposition: [ReadingCase] = [
        formula(#"2x + 3y"#, "", "expr: 2*x + 3*y"),
        formula(#"a(1 - a)"#, Fence.bce, "expr: a*(1 - a)"),
        formula(#"x(1 - x)"#, "", "expr: x*(1 - x)"),
        formula(#"y_i(1 - y_i) = y_i - y_i^2"#, Fence.probabilities, "y[i]*(1 - y[i]) = y[i] - y[i]^2 for i"),
        formula(#"\sigma(z)(1-\sigma(z))"#, Fence.z, "expr: σ(z)*(1 - σ(z))"),
        formula(#"-y\log a - (1-y)\log(1-a)"#, Fence.bce, "expr: -(y*log(a)) - (1 - y)*log(1 - a)"),
        formula(#"L = -y\log a - (1 - y)\log(1 - a)"#, Fence.bce, "L = -(y*log(a)) - (1 - y)*log(1 - a)"),
        formula(#"a(z) = \sigma(z)"#, Fence.bce, "a = σ(z)"),
        formula(#"L(a, y) = -y\ln a - (1-y)\ln(1-a)"#, Fence.bce, "L = -(y*log(a)) - (1 - y)*log(1 - a)"),
        formula(#"ay + (1-a)(1-y)"#, Fence.twoLetters, "expr: a*y + (1 - a)*(1 - y)"),
        formula(#"xyz"#, "", "expr: x*y*z"),
        formula(#"2\pi r"#, "", "expr: 2*π*r"),
        formula(#"\pi r^2"#, "", "expr: π*r^2"),
        formula(#"3(x + 1)^2"#, "", "expr: 3*(x + 1)^2"),
        formula(#"(x+1)(x-1) = x^2 - 1"#, "", "(x + 1)*(x - 1) = x^2 - 1"),
        formula(#"2\sigma(z) - 1 = \tanh\frac{z}{2}"#, Fence.z, "2*σ(z) - 1 = tanh(z/2)"),
        formula(#"\lambda w^2"#, Fence.decay, "expr: λ*w^2"),
        formula(#"\frac{\lambda}{2} w^2"#, Fence.decay, "expr: λ/2*w^2"),
        formula(#"f(x) = x^3 - x"#, Fence.functions, "f(x) = x^3 - x"),
        formula(#"g(2x) = \sigma(2x)"#, Fence.functions, "g(2*x) = σ(2*x)"),
        formula(#"f(x)g(x)"#, Fence.functions, "expr: f(x)*g(x)"),
        formula(#"2xy - x^2"#, "", "expr: 2*x*y - x^2"),
        formula(#"-2x"#, "", "expr: -(2*x)"),
        formula(#"\frac{\partial L}{\partial w} = -x(y - wx - b)"#, Fence.mse, "∂L/∂w = -(x*(y - w*x - b))"),
        formula(#"0.5x^2"#, "", "expr: 0.5*x^2"),
        formula(#"y(1 - a) + (1 - y)a"#, Fence.bce, "expr: y*(1 - a) + (1 - y)*a"),
    ]

    /// Explicit products: `\cdot`, `\times`, `*`, `\ast`, `\odot`, and matrix products by rank.
    static let products: [ReadingCase] = [
        formula(#"a \cdot b"#, "", "expr: a*b"),
        formula(#"a \times b"#, "", "expr: a*b"),
        formula(#"a * b"#, "", "expr: a*b"),
        formula(#"a \ast b"#, "", "expr: a*b"),
        formula(#"u \odot v"#, Fence.vectors, "expr: u*v"),
        formula(#"c \cdot u"#, Fence.vectors, "expr: c*u"),
        formula(#"c\,u + v"#, Fence.vectors, "expr: c*u + v"),
        formula(#"\sigma(z) \cdot (1 - \sigma(z))"#, Fence.z, "expr: σ(z)*(1 - σ(z))"),
        formula(#"W x + b"#, Fence.layer, "expr: W @ x + b"),
        formula(#"W \cdot x"#, Fence.layer, "expr: W @ x"),
        formula(#"z = Wx + b"#, Fence.layer, "z = W @ x + b"),
        formula(#"\mathbf{u}^\top \mathbf{v}"#, Fence.vectors, "expr: uᵀ @ v"),
        formula(#"u^T v = v^T u"#, Fence.vectors, "uᵀ @ v = vᵀ @ u"),
        formula(#"2 \cdot 3 = 6"#, "", "2*3 = 6"),
        formula(#"2 \times 0.5 = 1"#, "", "2*0.5 = 1"),
        formula(
            #"\frac{\partial L}{\partial z} = (a - y) \odot a \odot (1 - a)"#, Fence.layerLoss,
            "∂L/∂z = (a - y)*a*(1 - a)"),
        formula(#"a \cdot -b"#, "", "expr: a*(-b)"),
    ]

    /// Powers, `e^{…}`, and built-in functions by command, `\operatorname`, `\mathrm` and `\text`.
    static let functions: [ReadingCase] = [
        formula(#"x^2"#, "", "expr: x^2"),
        formula(#"x^{n+1}"#, "", "expr: x^(n + 1)"),
        formula(#"(1+e^{-z})^{-1}"#, Fence.z, "expr: (1 + exp(-z))^(-1)"),
        formula(#"e^{x} e^{y} = e^{x+y}"#, "", "exp(x)*exp(y) = exp(x + y)"),
        formula(#"e^x"#, "", "expr: exp(x)"),
        formula(#"e^{-x^2/2}"#, "", "expr: exp(-(x^2/2))"),
        formula(#"\exp(x)"#, "", "expr: exp(x)"),
        formula(#"\exp x"#, "", "expr: exp(x)"),
        formula(#"\exp\left(-\frac{x^2}{2}\right)"#, "", "expr: exp(-(x^2/2))"),
        formula(#"\log(1 - a)"#, Fence.bce, "expr: log(1 - a)"),
        formula(#"\log a"#, Fence.bce, "expr: log(a)"),
        formula(#"\ln a"#, Fence.bce, "expr: log(a)"),
        formula(#"\ln(1 + e^{z})"#, Fence.z, "expr: log(1 + exp(z))"),
        formula(#"\tanh(x)"#, Fence.x, "expr: tanh(x)"),
        formula(#"\tanh x"#, Fence.x, "expr: tanh(x)"),
        formula(#"\sigma(z)"#, Fence.z, "expr: σ(z)"),
        formula(#"\sigma(-z) = 1 - \sigma(z)"#, Fence.z, "σ(-z) = 1 - σ(z)"),
        formula(#"\max(0, x)"#, Fence.x, "expr: max(0, x)"),
        formula(#"\min(x, 1)"#, Fence.x, "expr: min(x, 1)"),
        formula(#"\operatorname{ReLU}(x) = \max(0, x)"#, Fence.x, "relu(x) = max(0, x)"),
        formula(#"\operatorname{relu}(x)"#, Fence.x, "expr: relu(x)"),
        formula(#"\mathrm{ReLU}(x)"#, Fence.x, "expr: relu(x)"),
        formula(#"\text{ReLU}(x)"#, Fence.x, "expr: relu(x)"),
        formula(#"\operatorname{softplus}(x) = \log(1 + e^x)"#, Fence.x, "softplus(x) = log(1 + exp(x))"),
        formula(#"\mathrm{softplus}(x) - \mathrm{softplus}(-x) = x"#, Fence.x, "softplus(x) - softplus(-x) = x"),
        formula(#"\operatorname{sgn}(x)|x| = x"#, Fence.x, "sign(x)*abs(x) = x"),
        formula(#"\operatorname{sign}(x)"#, Fence.x, "expr: sign(x)"),
        formula(#"\text{softmax}(\mathbf{z})"#, Fence.softmax, "expr: softmax(z)"),
        formula(#"\operatorname{softmax}(z)"#, Fence.softmax, "expr: softmax(z)"),
        formula(#"\sqrt{x}"#, Fence.positive, "expr: sqrt(x)"),
        formula(#"\sqrt{x^2 + y^2}"#, "", "expr: sqrt(x^2 + y^2)"),
        formula(#"\sqrt[3]{x}"#, Fence.positive, "expr: x^(1/3)"),
        formula(#"\sqrt x"#, Fence.positive, "expr: sqrt(x)"),
        formula(#"\sin^2 x + \cos^2 x = 1"#, Fence.x, "sin(x)^2 + cos(x)^2 = 1"),
        formula(#"\sin(2x) = 2\sin x\cos x"#, Fence.x, "sin(2*x) = 2*sin(x)*cos(x)"),
        formula(#"\cos(-x) = \cos x"#, Fence.x, "cos(-x) = cos(x)"),
        formula(#"\log(xy) = \log x + \log y"#, Fence.positive, "log(x*y) = log(x) + log(y)"),
        formula(#"\log\frac{x}{y} = \log x - \log y"#, Fence.positive, "log(x/y) = log(x) - log(y)"),
        formula(#"\exp(\log x) = x"#, Fence.positive, "exp(log(x)) = x"),
        formula(#"e^{\ln x} = x"#, Fence.positive, "exp(log(x)) = x"),
        formula(#"\frac{1}{2}e^2"#, Fence.errorTerm, "expr: 1/2*e^2"),
        formula(
            #"\frac{\partial}{\partial w}\left(\frac{1}{2}e^{2}\right) = e x"#, Fence.errorTerm, "∂/∂w(1/2*e^2) = e*x"),
        formula(#"\sigma(z) = \frac{1}{1 + \exp(-z)}"#, Fence.z, "σ(z) = 1/(1 + exp(-z))"),
        formula(#"\tanh(x) = 2\sigma(2x) - 1"#, Fence.x, "tanh(x) = 2*σ(2*x) - 1"),
        formula(#"\sigma^2(z)"#, Fence.z, "expr: σ(z)^2"),
        formula(#"\log^2 x"#, Fence.positive, "expr: log(x)^2"),
        formula(#"x^{-1} = \frac{1}{x}"#, Fence.positive, "x^(-1) = 1/x"),
        formula(#"x^{1/2} = \sqrt{x}"#, Fence.positive, "x^(1/2) = sqrt(x)"),
        formula(#"\log(x + \varepsilon)"#, Fence.epsilon, "expr: log(x + ε)"),
        formula(#"2^{x}"#, "", "expr: 2^x"),
        formula(#"x^{y^2}"#, "", "expr: x^(y^2)"),
        formula(#"(x^2)^3 = x^6"#, "", "(x^2)^3 = x^6"),
        formula(#"\sigma(z)^2"#, Fence.z, "expr: σ(z)^2"),
        formula(#"\max(x, y) + \min(x, y) = x + y"#, Fence.xy, "max(x, y) + min(x, y) = x + y"),
        formula(#"\log\sigma(z) = -\log(1 + e^{-z})"#, Fence.z, "log(σ(z)) = -log(1 + exp(-z))"),
        formula(#"\exp(x)\exp(-x) = 1"#, Fence.x, "exp(x)*exp(-x) = 1"),
        formula(#"\log y_i = \ln y_i"#, Fence.probabilities, "log(y[i]) = log(y[i]) for i"),
        formula(#"\exp 0 = 1"#, "", "exp(0) = 1"),
        formula(#"\log 2 + \log 3 = \log 6"#, "", "log(2) + log(3) = log(6)"),
    ]

    /// Subscripts: a declared name, or indexing when the base is a tensor and the subscripts are indices.
    static let subscripts: [ReadingCase] = [
        formula(#"Z = W A_{prev} + b"#, Fence.previous, "Z = W @ A_prev + b"),
        formula(#"Z = W A_{ prev } + b"#, Fence.previous, "Z = W @ A_prev + b"),
        formula(#"a_i = \sigma(z_i)"#, Fence.indexedLayer, "a[i] = σ(z[i]) for i"),
        formula(
            #"z_1 = W_{1,1} x_1 + W_{1,2} x_2 + W_{1,3} x_3 + b_1"#, Fence.layer,
            "z[1] = W[1, 1]*x[1] + W[1, 2]*x[2] + W[1, 3]*x[3] + b[1]"),
        formula(#"\frac{\partial z_i}{\partial W_{ij}} = x_j"#, Fence.indexedLayer, "∂z[i]/∂W[i, j] = x[j] for i, j"),
        formula(#"\frac{d y_{hat}}{dz} = y_{hat}(1 - y_{hat})"#, Fence.yHat, "dy_hat/dz = y_hat*(1 - y_hat)"),
        formula(#"y_{hat} = \sigma(z)"#, Fence.yHat, "y_hat = σ(z)"),
        formula(#"x_1 + x_2 + x_3"#, Fence.three, "expr: x[1] + x[2] + x[3]"),
        formula(#"x_{2} - x_{1}"#, Fence.three, "expr: x[2] - x[1]"),
        formula(#"\delta_{i j} p_j"#, Fence.softmax, "expr: δ(i, j)*p[j]"),
        formula(#"\delta_{i,j} = \delta_{j,i}"#, Fence.softmax, "δ(i, j) = δ(j, i) for i, j"),
        formula(#"p_i - \delta_{ij} = p_i - \delta_{ji}"#, Fence.softmax, "p[i] - δ(i, j) = p[i] - δ(j, i) for i, j"),
        formula(#"W_{ij} x_j = x_j W_{ij}"#, Fence.indexedLayer, "W[i, j]*x[j] = x[j]*W[i, j] for i, j"),
        formula(#"a_2 = \sigma(z_2)"#, Fence.layer, "a[2] = σ(z[2])"),
        formula(#"c W + W c"#, Fence.scaledMatrix, "expr: c*W + W*c"),
        formula(#"2W x"#, Fence.layer, "expr: (2*W) @ x"),
    ]

    /// Spellings declared with `latex`.
    static let spellings: [ReadingCase] = [
        formula(#"W^{[l]} a^{[l-1]} + b^{[l]}"#, Fence.labels, "expr: W @ a + b"),
        formula(#"W^{[l]}a^{[l - 1]} + b^{[ l ]}"#, Fence.labels, "expr: W @ a + b"),
        formula(#"\hat{y} = \sigma(z)"#, Fence.hatSpelling, "y_hat = σ(z)"),
        formula(#"\hat{y}(1 - \hat{y})"#, Fence.hatSpelling, "expr: y_hat*(1 - y_hat)"),
        formula(#"\hat y(1 - \hat y)"#, Fence.hatSpelling, "expr: y_hat*(1 - y_hat)"),
        formula(#"\hat{y}^2"#, Fence.hatSpelling, "expr: y_hat^2"),
        formula(#"\frac{d\hat{y}}{dz} = \hat{y}(1-\hat{y})"#, Fence.hatSpelling, "dy_hat/dz = y_hat*(1 - y_hat)"),
        formula(#"\bar{x} = \frac{x_1 + x_2 + x_3}{3}"#, Fence.mean, "mean(x) = (x[1] + x[2] + x[3])/3"),
        formula(#"\theta_{t+1} = \theta_t - \eta g"#, Fence.step, "θ_next = θ - η*g"),
        formula(#"\theta_{t + 1} = \theta_{t} - \eta\, g"#, Fence.step, "θ_next = θ - η*g"),
        formula(#"W A_{prev}"#, Fence.prevSpelling, "expr: W @ x"),
        formula(#"W A_{ prev }"#, Fence.prevSpelling, "expr: W @ x"),
        formula(#"a_{i} = a_i"#, Fence.indexSpelling, "a[i] = a[i] for i"),
        formula(#"\operatorname{swish}(x) = x\sigma(x)"#, Fence.swish, "swish(x) = x*σ(x)"),
        formula(#"(x - \bar{x})^2"#, Fence.bar, "expr: (x - x̄)^2"),
        formula(#"(x - \overline{x})^2"#, Fence.bar, "expr: (x - x̄)^2"),
        formula(#"\frac{\partial \mathcal{L}}{\partial z} = a - y"#, Fence.calligraphic, "∂L/∂z = a - y"),
        formula(
            #"\frac{\partial L}{\partial W^{[l]}} = \operatorname{outer}(g, x)"#, Fence.labelledGradient,
            "∂L/∂W = outer(g, x)"),
        formula(#"a^{(i)} = \sigma(x^{(i)})"#, Fence.examples, "a = σ(x)"),
        formula(#"\frac{d a^{(i)}}{d x^{(i)}} = a^{(i)}(1 - a^{(i)})"#, Fence.examples, "da/dx = a*(1 - a)"),
    ]

    /// Transposes: `^T`, `^\top`, `^\intercal`, `^{\mathsf{T}}`.
    static let transposes: [ReadingCase] = [
        formula(#"\mathbf{w}^\top \mathbf{x} + b"#, Fence.neuron, "expr: wᵀ @ x + b"),
        formula(#"w^T x + b"#, Fence.neuron, "expr: wᵀ @ x + b"),
        formula(#"w^{T} x"#, Fence.neuron, "expr: wᵀ @ x"),
        formula(#"\mathbf{w}^\intercal \mathbf{x}"#, Fence.neuron, "expr: wᵀ @ x"),
        formula(#"w^{\mathsf{T}} x"#, Fence.neuron, "expr: wᵀ @ x"),
        formula(#"(W^T)^T = W"#, Fence.square, "(Wᵀ)ᵀ = W"),
        formula(#"W^\top g"#, Fence.matrix, "expr: Wᵀ @ g"),
        formula(#"x^T W^T"#, Fence.matrix, "expr: xᵀ @ Wᵀ"),
        formula(#"\sigma(\mathbf{w}^\top\mathbf{x} + b)"#, Fence.neuron, "expr: σ(wᵀ @ x + b)"),
        formula(#"\frac{\partial L}{\partial w_i} = (a - y)x_i"#, Fence.vectorNeuron, "∂L/∂w[i] = (a - y)*x[i] for i"),
        formula(#"\frac{\partial L}{\partial \mathbf{w}} = (a - y)\mathbf{x}"#, Fence.vectorNeuron, "∂L/∂w = (a - y)*x"),
        formula(#"a = \sigma(\mathbf{w}^\top \mathbf{x})"#, Fence.vectorNeuron, "a = σ(wᵀ @ x)"),
    ]

    /// Every grouping: brackets, braces, `\left…\right`, the `\big` family, `{ }`, bars.
    static let groupings: [ReadingCase] = [
        formula(#"[x + 1]^2"#, "", "expr: (x + 1)^2"),
        formula(#"\{x + 1\}^2"#, "", "expr: (x + 1)^2"),
        formula(#"\left(x + 1\right)^2"#, "", "expr: (x + 1)^2"),
        formula(#"\left[x + 1\right]^2"#, "", "expr: (x + 1)^2"),
        formula(#"\left\{x + 1\right\}^2"#, "", "expr: (x + 1)^2"),
        formula(#"\bigl(x + 1\bigr)^2"#, "", "expr: (x + 1)^2"),
        formula(#"\Big[x + 1\Big]^2"#, "", "expr: (x + 1)^2"),
        formula(#"\bigg(x + 1\bigg)^2"#, "", "expr: (x + 1)^2"),
        formula(#"\Bigg(x + 1\Bigg)^2"#, "", "expr: (x + 1)^2"),
        formula(#"\big(x + 1\big)^2"#, "", "expr: (x + 1)^2"),
        formula(#"{x + 1}^2"#, "", "expr: (x + 1)^2"),
        formula(#"2\left\{ x - \left[ y + (x - y) \right] \right\}"#, "", "expr: 2*(x - (y + (x - y)))"),
        formula(#"\left| x \right|"#, Fence.x, "expr: abs(x)"),
        formula(#"|x - y|"#, "", "expr: abs(x - y)"),
        formula(#"\lvert x \rvert"#, Fence.x, "expr: abs(x)"),
        formula(#"\vert x - 1 \vert"#, Fence.x, "expr: abs(x - 1)"),
        formula(#"\frac{1}{2}\Big(y - \sigma(w x)\Big)^{2}"#, Fence.logistic, "expr: 1/2*(y - σ(w*x))^2"),
        formula(#"\left(1 - \sigma(z)\right)\sigma(z)"#, Fence.z, "expr: (1 - σ(z))*σ(z)"),
    ]

    /// Rows: environments, chains, `&=` continuation rows, new left sides, and what is ignored in them.
    static let environments: [ReadingCase] = [
        formula(
            #"\begin{aligned} \frac{\partial L}{\partial z} &= \frac{\partial L}{\partial a}\frac{\partial a}{\partial z} \\ &= \left(-\frac{y}{a} + \frac{1-y}{1-a}\right) a(1-a) \\ &= a - y \end{aligned}"#,
            Fence.bce, "∂L/∂z = (∂L/∂a)*(∂a/∂z) = (-(y/a) + (1 - y)/(1 - a))*a*(1 - a) = a - y"),
        formula(
            #"""
            \begin{aligned}
              \frac{\partial L}{\partial a} &= -\frac{y}{a} + \frac{1 - y}{1 - a} \\
                                            &= \frac{a - y}{a(1 - a)}
            \end{aligned}
            """#, Fence.bce, "∂L/∂a = -(y/a) + (1 - y)/(1 - a) = (a - y)/(a*(1 - a))"),
        formula(
            #"\begin{align*} \sigma'(z) &= \frac{e^{-z}}{(1 + e^{-z})^2} \\ &= \sigma(z)(1 - \sigma(z)) \end{align*}"#,
            Fence.z, "d/dz(σ(z)) = exp(-z)/(1 + exp(-z))^2 = σ(z)*(1 - σ(z))"),
        formula(
            #"\begin{align} \frac{\partial L}{\partial a} &= \frac{a - y}{a(1-a)} \\ \frac{\partial a}{\partial z} &= a(1 - a) \end{align}"#,
            Fence.bce, "∂L/∂a = (a - y)/(a*(1 - a)); ∂a/∂z = a*(1 - a)"),
        formula(
            #"\begin{eqnarray} \frac{dL}{dz} &=& \frac{dL}{da}\frac{da}{dz} \nonumber \\ &=& a - y \end{eqnarray}"#,
            Fence.bce, "dL/dz = (dL/da)*(da/dz) = a - y"),
        formula(
            #"\begin{eqnarray*} a &=& \sigma(z) \\ \frac{da}{dz} &=& a(1 - a) \end{eqnarray*}"#, Fence.bce,
            "a = σ(z); da/dz = a*(1 - a)"),
        formula(
            #"\eqalign{ f'(x) &= 3x^2 - 1 \cr f''(x) &= 6x \cr}"#, Fence.functions, "d/dx(f(x)) = 3*x^2 - 1; d²/dx²(f(x)) = 6*x"),
        formula(
            #"\eqalignno{ \sigma'(z) &= \sigma(z)\sigma(-z) \cr &= \sigma(z)(1 - \sigma(z)) \cr }"#, Fence.z,
            "d/dz(σ(z)) = σ(z)*σ(-z) = σ(z)*(1 - σ(z))"),
        formula(
            #"\begin{equation}\begin{split} \frac{\partial L}{\partial w} &= (\hat{y} - y) \frac{\partial \hat{y}}{\partial w} \\ &= (\hat{y} - y) x \end{split}\end{equation}"#,
            Fence.mse, "∂L/∂w = (ŷ - y)*(∂ŷ/∂w) = (ŷ - y)*x"),
        formula(
            #"\begin{gather} \sigma(-z) = 1 - \sigma(z) \\ \sigma'(z) = \sigma(z)\sigma(-z) \end{gather}"#, Fence.z,
            "σ(-z) = 1 - σ(z); d/dz(σ(z)) = σ(z)*σ(-z)"),
        formula(
            #"\begin{gather*} e^{x}e^{-x} = 1 \\ \ln(e^{x}) = x \end{gather*}"#, Fence.x,
            "exp(x)*exp(-x) = 1; log(exp(x)) = x"),
        formula(
            #"\begin{gathered} \tanh(-x) = -\tanh x \\ \tanh x = 2\sigma(2x) - 1 \end{gathered}"#, Fence.x,
            "tanh(-x) = -tanh(x); tanh(x) = 2*σ(2*x) - 1"),
        formula(
            #"\begin{multline*} L = -y\log a - (1-y)\log(1-a) \end{multline*}"#, Fence.bce,
            "L = -(y*log(a)) - (1 - y)*log(1 - a)"),
        formula(
            #"\begin{equation*} \sigma'(z) = \sigma(z)(1 - \sigma(z)) \end{equation*}"#, Fence.z,
            "d/dz(σ(z)) = σ(z)*(1 - σ(z))"),
        formula(
            #"\begin{equation} \frac{\partial L}{\partial z} = a - y \label{eq:bce-grad} \end{equation}"#, Fence.bce,
            "∂L/∂z = a - y"),
        formula(
            #"\begin{alignat*}{2} \frac{\partial L}{\partial b} &= a - y \\ \frac{\partial L}{\partial w} &= (a - y)x \end{alignat*}"#,
            Fence.logistic, "∂L/∂b = a - y; ∂L/∂w = (a - y)*x"),
        formula(
            #"\frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1 - y}{1 - a} = \frac{a - y}{a(1 - a)}"#, Fence.bce,
            "∂L/∂a = -(y/a) + (1 - y)/(1 - a) = (a - y)/(a*(1 - a))"),
        formula(
            #"\begin{aligned} L &= \frac{1}{2}(\hat{y} - y)^2 \\ \frac{\partial L}{\partial \hat{y}} &= \hat{y} - y \\ \frac{\partial \hat{y}}{\partial w} &= x \\ \therefore \frac{\partial L}{\partial w} &= (\hat{y} - y)x \end{aligned}"#,
            Fence.mse, "L = 1/2*(ŷ - y)^2; ∂L/∂ŷ = ŷ - y; ∂ŷ/∂w = x; ∂L/∂w = (ŷ - y)*x"),
        formula(#"\begin{aligned} 2x + 1 &= 5 \\ \implies x &= 2 \end{aligned}"#, "", "2*x + 1 = 5; x = 2"),
        formula(
            #"\begin{align} \sigma'(z) = \sigma(z)(1-\sigma(z)) \label{eq:sigmoid-derivative} \end{align}"#, Fence.z,
            "d/dz(σ(z)) = σ(z)*(1 - σ(z))"),
        formula(#"\frac{dL}{dz} = a - y \tag{3}"#, Fence.bce, "dL/dz = a - y"),
        formula(#"\frac{dL}{dz} = a - y \notag"#, Fence.bce, "dL/dz = a - y"),
        formula(
            #"\begin{align} a &= \sigma(z) \nonumber \\ \frac{da}{dz} &= a(1-a) \label{eq:da} \end{align}"#, Fence.bce,
            "a = σ(z); da/dz = a*(1 - a)"),
        formula(
            #"""
            \begin{align*}
            L &= -y\log a - (1 - y)\log(1 - a) % the loss
              \\
            \frac{\partial L}{\partial a} &= -\frac{y}{a} + \frac{1 - y}{1 - a} % its derivative
            \end{align*}
            """#, Fence.bce, "L = -(y*log(a)) - (1 - y)*log(1 - a); ∂L/∂a = -(y/a) + (1 - y)/(1 - a)"),
        formula(
            #"\begin{aligned} (x + 1)^2 &= x^2 + 2x + 1 \\ &> 2x \end{aligned}"#, "",
            "(x + 1)^2 = x^2 + 2*x + 1 > 2*x"),
        formula(
            #"\begin{aligned} \frac{d}{dx}\left(x^3 - x\right) &= 3x^2 - 1 \\ (x^2)' &= 2x \end{aligned}"#, Fence.x,
            "d/dx(x^3 - x) = 3*x^2 - 1; d/dx(x^2) = 2*x"),
        formula(
            #"\begin{aligned} \sigma(0) &= \frac12 \\ \tanh 0 &= 0 \end{aligned}"#, "",
            "σ(0) = 1/2; tanh(0) = 0"),
        formula(#"a = b = c"#, "", "a = b = c"),
        formula(
            #"\sigma(-z) = 1 - \sigma(z) \\ \tanh(-x) = -\tanh x"#, Fence.zAndX, "σ(-z) = 1 - σ(z); tanh(-x) = -tanh(x)"),
        formula(#"\frac{\partial L}{\partial z} &= a - y"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"0 < a < 1"#, Fence.bce, "0 < a < 1"),
        formula(#"\begin{align*} &\frac{\partial L}{\partial z} = a - y \end{align*}"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\begin{aligned} a &= \sigma(z) \\ \end{aligned}"#, Fence.bce, "a = σ(z)"),
        formula(
            #"\begin{split} x^2 - 1 &= (x - 1)(x + 1) \\ &= (x + 1)(x - 1) \end{split}"#, "",
            "x^2 - 1 = (x - 1)*(x + 1) = (x + 1)*(x - 1)"),
    ]

    /// Separators between equations of one row.
    static let separators: [ReadingCase] = [
        formula(
            #"a = \sigma(z) \implies \frac{da}{dz} = a(1-a)"#, Fence.bce, "a = σ(z); da/dz = a*(1 - a)"),
        formula(#"a = \sigma(z) \Rightarrow \frac{da}{dz} = a(1-a)"#, Fence.bce, "a = σ(z); da/dz = a*(1 - a)"),
        formula(#"a = \sigma(z) \Longrightarrow \frac{da}{dz} = a(1-a)"#, Fence.bce, "a = σ(z); da/dz = a*(1 - a)"),
        formula(#"2x = 4 \iff x = 2"#, "", "2*x = 4; x = 2"),
        formula(
            #"\frac{\partial L}{\partial a} = \frac{a-y}{a(1-a)} \therefore \frac{\partial L}{\partial z} = a - y"#,
            Fence.bce, "∂L/∂a = (a - y)/(a*(1 - a)); ∂L/∂z = a - y"),
        formula(
            #"\frac{\partial L}{\partial z} = a - y \because \frac{\partial a}{\partial z} = a(1-a)"#, Fence.bce,
            "∂L/∂z = a - y; ∂a/∂z = a*(1 - a)"),
        formula(#"\sigma(0) = \frac{1}{2} \text{ and } \tanh(0) = 0"#, "", "σ(0) = 1/2; tanh(0) = 0"),
        formula(#"\sigma(0) = \frac{1}{2} \text{so} \sigma(0)^2 = \frac{1}{4}"#, "", "σ(0) = 1/2; σ(0)^2 = 1/4"),
        formula(
            #"\sigma(-z) = 1 - \sigma(z) \quad \tanh(-x) = -\tanh(x)"#, Fence.zAndX, "σ(-z) = 1 - σ(z); tanh(-x) = -tanh(x)"),
        formula(
            #"\sigma(-z) = 1 - \sigma(z) \qquad \tanh(-x) = -\tanh(x)"#, Fence.zAndX,
            "σ(-z) = 1 - σ(z); tanh(-x) = -tanh(x)"),
        formula(
            #"\frac{\partial L}{\partial w} = (a - y)x, \quad \frac{\partial L}{\partial b} = a - y"#, Fence.logistic,
            "∂L/∂w = (a - y)*x; ∂L/∂b = a - y"),
        formula(
            #"\frac{\partial L}{\partial w} = (a - y)x; \frac{\partial L}{\partial b} = a - y"#, Fence.logistic,
            "∂L/∂w = (a - y)*x; ∂L/∂b = a - y"),
        formula(#"\therefore \frac{\partial L}{\partial z} = a - y"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\implies \frac{\partial L}{\partial z} = a - y"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"x = 1, \; y = 2"#, "", "x = 1; y = 2"),
        formula(
            #"a = \sigma(z) \quad\text{and}\quad \frac{da}{dz} = a(1-a)"#, Fence.bce, "a = σ(z); da/dz = a*(1 - a)"),
        formula(#"a = \sigma(z) \;\Rightarrow\; \frac{da}{dz} = a(1-a)"#, Fence.bce, "a = σ(z); da/dz = a*(1 - a)"),
    ]

    /// Layout that reads as nothing: spacing, `\displaystyle`, `\boxed`, `\text` spaces, trailing punctuation.
    static let layout: [ReadingCase] = [
        formula(#"\frac{\partial L}{\partial z} = a - y\,."#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\frac{\partial L}{\partial z} = a - y."#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\frac{\partial L}{\partial z} = a - y,"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\frac{\partial L}{\partial z} = a - y~."#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\sigma(-z) = 1 - \sigma(z) \, ,"#, Fence.z, "σ(-z) = 1 - σ(z)"),
        formula(#"\displaystyle \frac{dL}{dz} = a - y"#, Fence.bce, "dL/dz = a - y"),
        formula(#"\boxed{\frac{\partial L}{\partial z} = a - y}"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\frac{\partial L}{\partial z} = \boxed{a - y}"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"2\,x\,y"#, "", "expr: 2*x*y"),
        formula(#"x \; y"#, "", "expr: x*y"),
        formula(#"x \: y"#, "", "expr: x*y"),
        formula(#"x\!y"#, "", "expr: x*y"),
        formula(#"x\ y"#, "", "expr: x*y"),
        formula(#"x ~ y"#, "", "expr: x*y"),
        formula(#"\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) \quad"#, Fence.z, "d/dz(σ(z)) = σ(z)*(1 - σ(z))"),
        formula(#"\frac{\partial L}{\partial z} \;=\; a - y"#, Fence.bce, "∂L/∂z = a - y"),
        formula(#"\frac{\partial L}{\partial z} = \displaystyle a - y"#, Fence.bce, "∂L/∂z = a - y"),
        formula(
            #"\begin{aligned} a &= \sigma(z), \\ \frac{da}{dz} &= a(1-a). \end{aligned}"#, Fence.bce,
            "a = σ(z); da/dz = a*(1 - a)"),
        formula(#"\frac{dL}{dz} = a - y \;."#, Fence.bce, "dL/dz = a - y"),
        formula(#"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)."#, Fence.z, "d/dz(σ(z)) = σ(z)*(1 - σ(z))"),
    ]

    /// Inequalities and chains of them.
    static let relations: [ReadingCase] = [
        formula(#"\sigma(z) < 1"#, Fence.z, "σ(z) < 1"),
        formula(#"0 < \sigma(z) < 1"#, Fence.z, "0 < σ(z) < 1"),
        formula(#"x^2 \ge 0"#, "", "x^2 ≥ 0"),
        formula(#"x^2 \geq 0"#, "", "x^2 ≥ 0"),
        formula(#"\log x \le x - 1"#, Fence.positive, "log(x) ≤ x - 1"),
        formula(#"\tanh x \leq 1"#, Fence.x, "tanh(x) ≤ 1"),
        formula(#"1 + x \leq e^{x}"#, Fence.x, "1 + x ≤ exp(x)"),
        formula(#"x^2 + 1 > 0"#, "", "x^2 + 1 > 0"),
        formula(#"\operatorname{softplus}(x) \geq \max(0, x)"#, Fence.x, "softplus(x) ≥ max(0, x)"),
        formula(#"-1 \le \tanh x \le 1"#, Fence.x, "-1 ≤ tanh(x) ≤ 1"),
        formula(
            #"\sigma(z)(1 - \sigma(z)) = \sigma(z)\sigma(-z) \le \frac14"#, Fence.z,
            "σ(z)*(1 - σ(z)) = σ(z)*σ(-z) ≤ 1/4"),
        formula(#"\sigma(z)(1 - \sigma(z)) \leq \frac{1}{4}"#, Fence.z, "σ(z)*(1 - σ(z)) ≤ 1/4"),
    ]

    /// Formulas whose reading uses the claim language's additions: sums, `cases`, `≠`, `e`, `tan`, `log10`, `log_b`,
    /// n-ary `max`/`min` (run when ``growthTableEnabled``).
    static let growthCases: [ReadingCase] = [
        formulaAfterGrowth(
            #"z_i = \sum_{j} W_{ij} x_j + b_i"#, Fence.indexedLayer, "z[i] = Σ_{j=1}^{3} (W[i, j]*x[j]) + b[i] for i"),
        formulaAfterGrowth(
            #"z_i = \sum_{j=1}^{3} W_{ij} x_j + b_i"#, Fence.indexedLayer,
            "z[i] = Σ_{j=1}^{3} (W[i, j]*x[j]) + b[i] for i"),
        formulaAfterGrowth(
            #"\frac{\partial L}{\partial z_j} = \sum_i \frac{\partial L}{\partial p_i}\frac{\partial p_i}{\partial z_j}"#,
            Fence.softmax, "∂L/∂z[j] = Σ_{i=1}^{3} ((∂L/∂p[i])*(∂p[i]/∂z[j])) for j"),
        formulaAfterGrowth(#"\sum_{i=1}^{3} x_i"#, Fence.three + "\nindex i", "expr: Σ_{i=1}^{3} x[i]"),
        formulaAfterGrowth(#"\sum_{k} p_k = 1"#, Fence.softmax + "\nindex k in 1...3", "Σ_{k=1}^{3} p[k] = 1"),
        formulaAfterGrowth(#"L = -\sum_i y_i \log p_i"#, Fence.softmax, "L = -Σ_{i=1}^{3} (y[i]*log(p[i]))"),
        formulaAfterGrowth(
            #"\sum_{j=1}^{3} \delta_{ij} p_j = p_i"#, Fence.softmax, "Σ_{j=1}^{3} (δ(i, j)*p[j]) = p[i] for i"),
        formulaAfterGrowth(
            #"\operatorname{ReLU}'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}"#,
            Fence.x, "d/dx(relu(x)) = cases(1 if x > 0, 0 otherwise)"),
        formulaAfterGrowth(
            #"|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}"#, Fence.x,
            "abs(x) = cases(x if x ≥ 0, -x otherwise)"),
        formulaAfterGrowth(
            #"\max(0, x) = \begin{cases} x & \text{for } x > 0 \\ 0 & \text{else} \end{cases}"#, Fence.x,
            "max(0, x) = cases(x if x > 0, 0 otherwise)"),
        formulaAfterGrowth(
            #"\operatorname{step}(z) = \begin{cases} 1 & z > 0 \\ 0 & z \leq 0 \end{cases}"#, Fence.z,
            "step(z) = cases(1 if z > 0, 0 if z ≤ 0)"),
        formulaAfterGrowth(#"\sigma(z) \neq 0"#, Fence.z, "σ(z) ≠ 0"),
        formulaAfterGrowth(#"e^{x} \ne 0"#, Fence.x, "exp(x) ≠ 0"),
        formulaAfterGrowth(#"\ln e = 1"#, "", "log(e) = 1"),
        formulaAfterGrowth(#"e \cdot e^{x} = e^{x+1}"#, "", "e*exp(x) = exp(x + 1)"),
        formulaAfterGrowth(#"e^{x} \geq e x"#, Fence.x, "exp(x) ≥ e*x"),
        formulaAfterGrowth(#"\tan x = \frac{\sin x}{\cos x}"#, "given x ∈ [-1, 1]", "tan(x) = sin(x)/cos(x)"),
        formulaAfterGrowth(#"\log_{10} 100 = 2"#, "", "log10(100) = 2"),
        formulaAfterGrowth(
            #"\log_{10}(x y) = \log_{10} x + \log_{10} y"#, Fence.positive, "log10(x*y) = log10(x) + log10(y)"),
        formulaAfterGrowth(#"\log_2(4x) = 2 + \log_2 x"#, Fence.positive, "log_2(4*x) = 2 + log_2(x)"),
        formulaAfterGrowth(#"\log_{2} 8 = 3"#, "", "log_2(8) = 3"),
        formulaAfterGrowth(#"\max(x, y, 0)"#, Fence.xy, "expr: max(x, y, 0)"),
        formulaAfterGrowth(#"\min(x, y, 1) \le 1"#, Fence.xy, "min(x, y, 1) ≤ 1"),
        formulaAfterGrowth(#"\sum_{i=1}^{3} i = 6"#, "index i", "Σ_{i=1}^{3} i = 6"),
        formulaAfterGrowth(
            #"\frac{\partial L}{\partial b_i} = \sum_{k} \delta_{ik} (p_k - y_k)"#,
            "given b ∈ ℝ^3, y ∈ onehot(3)\nlet p = softmax(b)\nlet L = cross_entropy(p, y)\nindex i, k in 1...3",
            "∂L/∂b[i] = Σ_{k=1}^{3} (δ(i, k)*(p[k] - y[k])) for i"),
        formulaAfterGrowth(#"x \neq x + 1"#, "", "x ≠ x + 1"),
    ]
}

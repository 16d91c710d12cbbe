#include "core/io/pytorch_script_writer.h"

#include "core/schemes/initializer.h"
#include "core/schemes/scheme_registry.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace initscope {

namespace {

std::string python_string(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string python_int(int64_t value) {
    return std::to_string(value);
}

/// torch.manual_seed takes the seed as a Python int; values ≥ 2^63 are written as their
/// two's-complement negative, which PyTorch maps back to the same 64-bit pattern.
std::string python_seed(uint64_t seed) {
    if (seed >= (uint64_t{1} << 63)) return std::to_string(static_cast<int64_t>(seed));
    return std::to_string(seed);
}

std::string size_tuple(const std::vector<int64_t>& sizes) {
    if (sizes.size() == 1) return std::string("(").append(python_int(sizes[0])).append(",)");
    std::string out = "(";
    for (size_t i = 0; i < sizes.size(); ++i) {
        if (i > 0) out.append(", ");
        out.append(python_int(sizes[i]));
    }
    out.push_back(')');
    return out;
}

std::string constructor(const Layer& layer) {
    const std::string bias = layer.bias ? "True" : "False";
    switch (layer.kind) {
        case LayerKind::Linear:
            return "nn.Linear(" + python_int(layer.in) + ", " + python_int(layer.out) +
                   ", bias=" + bias + ")";
        case LayerKind::Conv1d:
        case LayerKind::Conv2d:
            return std::string(layer.kind == LayerKind::Conv1d ? "nn.Conv1d(" : "nn.Conv2d(") +
                   python_int(layer.in) + ", " + python_int(layer.out) +
                   ", kernel_size=" + size_tuple(layer.kernel_size) +
                   ", stride=" + python_int(layer.stride) +
                   ", padding=" + python_int(layer.padding) +
                   ", groups=" + python_int(layer.groups) + ", bias=" + bias + ")";
    }
    return {};
}

/// The forward call of an activation; empty for the identity ones (linear, conv1d, conv2d).
std::string activation_call(Nonlinearity activation) {
    switch (activation) {
        case Nonlinearity::Relu:
            return "torch.relu(x)";
        case Nonlinearity::Tanh:
            return "torch.tanh(x)";
        case Nonlinearity::Sigmoid:
            return "torch.sigmoid(x)";
        case Nonlinearity::LeakyRelu:
            return "nn.functional.leaky_relu(x, 0.01)";
        case Nonlinearity::Selu:
            return "torch.selu(x)";
        case Nonlinearity::Linear:
        case Nonlinearity::Conv1d:
        case Nonlinearity::Conv2d:
            break;
    }
    return {};
}

}  // namespace

std::string PytorchScriptWriter::python_float(double value) {
    if (std::isnan(value)) return "math.nan";
    if (std::isinf(value)) return value > 0 ? "math.inf" : "-math.inf";
    char buffer[40];
    for (int digits = 1; digits <= 17; ++digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    std::string text = buffer;
    if (text.find_first_of(".en") == std::string::npos) text += ".0";
    return text;
}

std::string PytorchScriptWriter::init_call(const InitSpec& spec, const TensorContext& context,
                                           const std::string& target) {
    const auto f = [&spec](const char* name) { return python_float(spec.number(name)); };
    const std::string w = target;
    switch (spec.scheme()) {
        case SchemeId::TorchDefault:
            return {};
        case SchemeId::Uniform:
            return "nn.init.uniform_(" + w + ", a=" + f("a") + ", b=" + f("b") + ")";
        case SchemeId::Normal:
            return "nn.init.normal_(" + w + ", mean=" + f("mean") + ", std=" + f("std") + ")";
        case SchemeId::Constant:
            return "nn.init.constant_(" + w + ", " + f("val") + ")";
        case SchemeId::Zeros:
            return "nn.init.zeros_(" + w + ")";
        case SchemeId::Ones:
            return "nn.init.ones_(" + w + ")";
        case SchemeId::Eye:
            return "nn.init.eye_(" + w + ")";
        case SchemeId::Dirac:
            return "nn.init.dirac_(" + w +
                   ", groups=" + python_int(static_cast<int64_t>(spec.number("groups"))) + ")";
        case SchemeId::XavierUniform:
            return "nn.init.xavier_uniform_(" + w + ", gain=" + f("gain") + ")";
        case SchemeId::XavierNormal:
            return "nn.init.xavier_normal_(" + w + ", gain=" + f("gain") + ")";
        case SchemeId::KaimingUniform:
        case SchemeId::KaimingNormal:
            return std::string(spec.scheme() == SchemeId::KaimingUniform
                                   ? "nn.init.kaiming_uniform_("
                                   : "nn.init.kaiming_normal_(") +
                   w + ", a=" + f("a") + ", mode=" +
                   python_string(std::string(ChoiceSpelling::name(spec.option<FanMode>("mode")))) +
                   ", nonlinearity=" +
                   python_string(std::string(
                       ChoiceSpelling::name(spec.option<Nonlinearity>("nonlinearity")))) +
                   ")";
        case SchemeId::TruncNormal:
            return "nn.init.trunc_normal_(" + w + ", mean=" + f("mean") + ", std=" + f("std") +
                   ", a=" + f("a") + ", b=" + f("b") + ")";
        case SchemeId::Orthogonal:
            return "nn.init.orthogonal_(" + w + ", gain=" + f("gain") + ")";
        case SchemeId::Sparse:
            return "nn.init.sparse_(" + w + ", sparsity=" + f("sparsity") + ", std=" + f("std") +
                   ")";
        case SchemeId::GlorotUniform:
        case SchemeId::GlorotNormal:
        case SchemeId::HeUniform:
        case SchemeId::HeNormal:
        case SchemeId::LecunUniform:
        case SchemeId::LecunNormal:
        case SchemeId::VarianceScaling: {
            const auto vs = Initializer::variance_scaling(spec, context.shape.fans());
            if (vs.distribution == VarianceDistribution::TruncatedNormal)
                return "nn.init.trunc_normal_(" + w + ", mean=0.0, std=" + python_float(vs.stddev) +
                       ", a=" + python_float(-vs.bound) + ", b=" + python_float(vs.bound) + ")";
            if (vs.distribution == VarianceDistribution::UntruncatedNormal)
                return "nn.init.normal_(" + w + ", mean=0.0, std=" + python_float(vs.stddev) + ")";
            return "nn.init.uniform_(" + w + ", a=" + python_float(-vs.bound) +
                   ", b=" + python_float(vs.bound) + ")";
        }
    }
    return {};
}

std::string PytorchScriptWriter::write(const Network& network, const std::string& source_name) {
    std::ostringstream py;
    bool any_orthogonal = false, any_trunc = false;
    for (const Layer& layer : network.layers)
        for (const InitSpec* spec : {&layer.weight_init, &layer.bias_init}) {
            any_orthogonal = any_orthogonal || spec->scheme() == SchemeId::Orthogonal;
            const std::string call = init_call(*spec, layer.weight_context(), "w");
            any_trunc = any_trunc || call.find("trunc_normal_") != std::string::npos;
        }
    py << "#!/usr/bin/env python3\n"
       << "\"\"\"The network '" << source_name << "', as InitScope " << INITSCOPE_VERSION
       << " builds and initializes it.\n\n"
       << "Run it with PyTorch (`python3 this.py`, or `python3 this.py --dump-npy DIR`), or import "
          "it:\n"
       << "the initialized nn.Module is the module-level variable `model`.\n\n"
       << "Exactness: with PyTorch 1.13.1 on CPU every tensor is bit-identical to InitScope's, in "
          "the\n";
    if (network.flavour == Flavour::Fma)
        py << "'fma' flavour InitScope used: PyTorch's AVX2 kernels (any x86-64 CPU with "
              "AVX2/FMA).\n";
    else
        py << "'portable' flavour InitScope used: PyTorch's default kernels, selected below with\n"
           << "ATEN_CPU_CAPABILITY=default before torch is imported (importing this file after "
              "torch\n"
           << "was imported elsewhere keeps whatever kernels that process chose).\n";
    if (any_orthogonal)
        py << "Not bit-exact: orthogonal_ runs a QR decomposition (LAPACK here, Eigen in "
              "InitScope);\n"
           << "those tensors agree to about 1e-6, everything drawn after them is still exact.\n";
    if (any_trunc)
        py << "trunc_normal_ is exact with PyTorch <= 2.11 (inverse-cdf sampling via erfinv); "
              "PyTorch\n"
           << "2.12 switched to rejection sampling, which gives other numbers.\n";
    py << "\"\"\"\n";
    if (network.flavour == Flavour::Portable)
        py << "import os\nos.environ.setdefault('ATEN_CPU_CAPABILITY', 'default')\n";
    py << "import math\nimport sys\n\nimport torch\nfrom torch import nn\n\n"
       << "SEED = " << python_seed(network.seed) << "\n\n\n"
       << "class InitScopeNet(nn.Module):\n"
       << "    def __init__(self):\n"
       << "        super().__init__()\n"
       << "        # Constructed in order: each layer draws its default weight, then its bias.\n";
    for (const Layer& layer : network.layers)
        py << "        self.add_module(" << python_string(layer.name) << ", " << constructor(layer)
           << ")\n";
    if (network.layers.empty()) py << "        pass\n";
    py << "\n    def forward(self, x):\n";
    bool previous_conv = false;
    for (const Layer& layer : network.layers) {
        if (previous_conv && !layer.is_conv()) py << "        x = torch.flatten(x, 1)\n";
        py << "        x = getattr(self, " << python_string(layer.name) << ")(x)\n";
        if (const std::string act = activation_call(layer.activation); !act.empty())
            py << "        x = " << act << "  # " << ChoiceSpelling::name(layer.activation) << "\n";
        previous_conv = layer.is_conv();
    }
    py << "        return x\n\n\n"
       << "def build():\n"
       << "    torch.manual_seed(SEED)\n"
       << "    net = InitScopeNet()\n"
       << "    with torch.no_grad():\n";
    bool any_call = false;
    for (const Layer& layer : network.layers) {
        const std::string module = "getattr(net, " + python_string(layer.name) + ")";
        for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
            if (role == TensorRole::Bias && !layer.bias) continue;
            const InitSpec& spec = layer.init(role);
            const std::string target = module + "." + std::string(Layer::role_name(role));
            const std::string call = init_call(spec, layer.context(role), target);
            if (call.empty()) continue;
            const SchemeInfo& info = SchemeRegistry::info(spec.scheme());
            if (info.family != "PyTorch")
                py << "        # " << info.key << " (" << info.display_name
                   << ") as the equivalent torch call\n";
            py << "        " << call << "\n";
            any_call = true;
        }
    }
    if (!any_call) py << "        pass  # every tensor keeps PyTorch's construction-time default\n";
    py << "    return net\n\n\n"
       << "model = build()\n\n\n"
       << "def main(argv):\n"
       << "    dump = argv[argv.index('--dump-npy') + 1] if '--dump-npy' in argv else None\n"
       << "    for name, p in model.named_parameters():\n"
       << "        t = p.detach()\n"
       << "        print(f\"{name:24s} {str(tuple(t.shape)):18s} mean {t.mean().item(): .6f}  \"\n"
       << "              f\"std {t.std(unbiased=False).item():.6f}  min {t.min().item(): .6f}  \"\n"
       << "              f\"max {t.max().item(): .6f}\")\n"
       << "        if dump:\n"
       << "            import os\n"
       << "            import numpy as np\n"
       << "            os.makedirs(dump, exist_ok=True)\n"
       << "            np.save(os.path.join(dump, name + '.npy'), t.numpy())\n\n\n"
       << "if __name__ == '__main__':\n"
       << "    main(sys.argv[1:])\n";
    return py.str();
}

}  // namespace initscope

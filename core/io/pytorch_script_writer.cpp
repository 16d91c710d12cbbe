#include "core/io/pytorch_script_writer.h"

#include "core/io/pytorch_probe_script.h"
#include "core/schemes/python_literal.h"
#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"

#include <sstream>

namespace initscope {

namespace {

/// torch.manual_seed takes the seed as a Python int; values ≥ 2^63 are written as their
/// two's-complement negative, which PyTorch maps back to the same 64-bit pattern.
std::string python_seed(uint64_t seed) {
    if (seed >= (uint64_t{1} << 63)) return std::to_string(static_cast<int64_t>(seed));
    return std::to_string(seed);
}

std::string size_tuple(const std::vector<int64_t>& sizes) {
    if (sizes.size() == 1)
        return std::string("(").append(PythonLiteral::integer(sizes[0])).append(",)");
    std::string out = "(";
    for (size_t i = 0; i < sizes.size(); ++i) {
        if (i > 0) out.append(", ");
        out.append(PythonLiteral::integer(sizes[i]));
    }
    out.push_back(')');
    return out;
}

std::string constructor(const Layer& layer) {
    const std::string bias = layer.bias ? "True" : "False";
    switch (layer.kind) {
        case LayerKind::Linear:
            return "nn.Linear(" + PythonLiteral::integer(layer.in) + ", " +
                   PythonLiteral::integer(layer.out) + ", bias=" + bias + ")";
        case LayerKind::Conv1d:
        case LayerKind::Conv2d:
            return std::string(layer.kind == LayerKind::Conv1d ? "nn.Conv1d(" : "nn.Conv2d(") +
                   PythonLiteral::integer(layer.in) + ", " + PythonLiteral::integer(layer.out) +
                   ", kernel_size=" + size_tuple(layer.kernel_size) +
                   ", stride=" + PythonLiteral::integer(layer.stride) +
                   ", padding=" + PythonLiteral::integer(layer.padding) +
                   ", groups=" + PythonLiteral::integer(layer.groups) + ", bias=" + bias + ")";
    }
    return {};
}

}  // namespace

std::string PytorchScriptWriter::init_call(const InitSpec& spec, const TensorContext& context,
                                           const std::string& target) {
    const SchemeDefinition& scheme = SchemeRegistry::definition(spec.scheme());
    if (scheme.torch_call != nullptr) return scheme.torch_call(spec, context, target);
    return scheme.plan(spec, context).torch_call(target);
}

std::string PytorchScriptWriter::activation_call(const Layer& layer, const std::string& argument) {
    switch (layer.activation) {
        case Activation::Relu:
            return "torch.relu(" + argument + ")";
        case Activation::Tanh:
            return "torch.tanh(" + argument + ")";
        case Activation::Sigmoid:
            return "torch.sigmoid(" + argument + ")";
        case Activation::LeakyRelu:
            return "nn.functional.leaky_relu(" + argument + ", " +
                   PythonLiteral::number(layer.negative_slope) + ")";
        case Activation::Selu:
            return "torch.selu(" + argument + ")";
        case Activation::Gelu:
            return "nn.functional.gelu(" + argument + ")";
        case Activation::Silu:
            return "nn.functional.silu(" + argument + ")";
        case Activation::Linear:
            break;
    }
    return {};
}

bool PytorchScriptWriter::flattens_input(const Network& network, size_t index) {
    if (network.layers[index].is_conv()) return false;
    if (index > 0) return network.layers[index - 1].is_conv();
    return network.input_shape && network.input_shape->size() > 1;
}

std::string PytorchScriptWriter::write(const Network& network, const std::string& source_name,
                                       bool with_probe) {
    std::ostringstream py;
    bool any_orthogonal = false, any_trunc = false;
    for (const Layer& layer : network.layers)
        for (const InitSpec* spec : {&layer.weight_init, &layer.bias_init}) {
            any_orthogonal = any_orthogonal || !SchemeRegistry::info(spec->scheme()).bit_exact;
            const std::string call = init_call(*spec, layer.context(TensorRole::Weight), "w");
            any_trunc = any_trunc || call.find("trunc_normal_") != std::string::npos;
        }
    py << "#!/usr/bin/env python3\n"
       << "\"\"\"The network '" << PythonLiteral::docstring_text(source_name) << "', as InitScope "
       << INITSCOPE_VERSION << " builds and initializes it.\n\n"
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
    if (with_probe)
        py << "\nRun as a program it prints the probe's JSON: probe() pushes a batch through the "
              "model,\n"
           << "forward and backward, drawing from the same generator right after the inits, as "
              "InitScope\n"
           << "does (float32 sums in another order than InitScope's: the statistics agree to "
              "about 1e-4).\n";
    py << "\"\"\"\n";
    if (network.flavour == Flavour::Portable)
        py << "import os\nos.environ.setdefault('ATEN_CPU_CAPABILITY', 'default')\n";
    py << (with_probe ? "import json\n" : "")
       << "import math\nimport sys\n\nimport torch\nfrom torch import nn\n\n"
       << "SEED = " << python_seed(network.seed) << "\n\n\n"
       << "class InitScopeNet(nn.Module):\n"
       << "    def __init__(self):\n"
       << "        super().__init__()\n"
       << "        # Constructed in order: each layer draws its default weight, then its bias.\n";
    for (const Layer& layer : network.layers)
        py << "        self.add_module(" << PythonLiteral::string(layer.name) << ", "
           << constructor(layer) << ")\n";
    if (network.layers.empty()) py << "        pass\n";
    py << "\n    def forward(self, x):\n";
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        if (flattens_input(network, i)) py << "        x = torch.flatten(x, 1)\n";
        py << "        x = getattr(self, " << PythonLiteral::string(layer.name) << ")(x)\n";
        if (const std::string act = activation_call(layer, "x"); !act.empty())
            py << "        x = " << act << "  # " << ChoiceSpelling::name(layer.activation) << "\n";
    }
    py << "        return x\n\n\n"
       << "def build():\n"
       << "    torch.manual_seed(SEED)\n"
       << "    net = InitScopeNet()\n"
       << "    with torch.no_grad():\n";
    bool any_call = false;
    for (const Layer& layer : network.layers) {
        const std::string module = "getattr(net, " + PythonLiteral::string(layer.name) + ")";
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
       << "model = build()\n\n\n";
    if (with_probe) py << PytorchProbeScript::definitions(network) << "\n\n";
    py << "def main(argv):\n"
       << "    dump = argv[argv.index('--dump-npy') + 1] if '--dump-npy' in argv else None\n"
       << "    for name, p in model.named_parameters():\n"
       << "        t = p.detach()\n";
    if (!with_probe)
        py << "        print(f\"{name:24s} {str(tuple(t.shape)):18s} mean {t.mean().item(): .6f}  "
              "\"\n"
           << "              f\"std {t.std(unbiased=False).item():.6f}  min {t.min().item(): .6f}  "
              "\"\n"
           << "              f\"max {t.max().item(): .6f}\")\n";
    py << "        if dump:\n"
       << "            import os\n"
       << "            import numpy as np\n"
       << "            os.makedirs(dump, exist_ok=True)\n"
       << "            np.save(os.path.join(dump, name + '.npy'), t.numpy())\n";
    if (with_probe) py << "    print(json.dumps(probe(), allow_nan=False))\n";
    py << "\n\n"
       << "if __name__ == '__main__':\n"
       << "    main(sys.argv[1:])\n";
    return py.str();
}

}  // namespace initscope

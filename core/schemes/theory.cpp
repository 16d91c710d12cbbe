// The theory of every scheme: the distribution of one element (core/stats/distribution.h) and the
// formula with the tensor's numbers (init-reference.md, "Theory of the sample"). Each scheme's
// SchemeDefinition::explain says it.
#include "core/schemes/theory.h"

#include "core/schemes/scheme_definition.h"
#include "core/schemes/scheme_registry.h"

namespace initscope {

bool Theory::continuous() const {
    return distribution_.atoms().empty();
}

std::string Theory::bound_symbol() const {
    return distribution_.bound_symbol(uniform_symbol_);
}

Theory Theory::of(const InitSpec& spec, const TensorContext& context) {
    const SchemeDefinition& scheme = SchemeRegistry::definition(spec.scheme());
    SchemeDefinition::Explanation explanation = scheme.explain(spec, context);
    Theory t;
    t.distribution_ = explanation.distribution;
    t.uniform_symbol_ = scheme.info.bound_symbol;
    t.formula_ = scheme.info.formula_for(context.role);
    t.formula_filled_ = std::move(explanation.formula_filled);
    t.notes_ = std::move(explanation.notes);
    t.paper_ = explanation.paper.value_or(scheme.info.paper);
    return t;
}

}  // namespace initscope

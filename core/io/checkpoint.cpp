#include "core/io/checkpoint.h"

#include "core/io/safetensors_file.h"
#include "core/model/quoted_text.h"

#include <QFile>

namespace initscope {

Checkpoint::Checkpoint() = default;
Checkpoint::~Checkpoint() = default;
Checkpoint::Checkpoint(Checkpoint&&) noexcept = default;
Checkpoint& Checkpoint::operator=(Checkpoint&&) noexcept = default;

void Checkpoint::keep_mapped(std::unique_ptr<QFile> file) {
    mapped_.push_back(std::move(file));
}

std::optional<Checkpoint> Checkpoint::open(const QString& path, std::string* error) {
    if (path.endsWith(QLatin1String(".safetensors.index.json")))
        return SafetensorsFile::open_sharded(path, error);
    if (path.endsWith(QLatin1String(".safetensors"))) return SafetensorsFile::open(path, error);
    if (error)
        *error = QuotedText::escaped(path.toStdString()) +
                 ": unknown checkpoint kind (expected .safetensors or "
                 "model.safetensors.index.json)";
    return std::nullopt;
}

}  // namespace initscope

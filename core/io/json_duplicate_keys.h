#pragma once

#include <QByteArray>

#include <optional>
#include <string>

namespace initscope {

/// Finds a key written twice in one JSON object. QJsonDocument keeps the last of them silently,
/// so a config whose "weight_init" appears twice would lose the first without a word; the config
/// reader refuses such a file and names the key and where it stands.
class JsonDuplicateKeys {
public:
    struct Duplicate {
        qsizetype offset = 0;  ///< byte offset of the second occurrence's opening quote
        std::string key;       ///< the key as written between its quotes (escapes not decoded)
    };

    /// The first key that repeats within its object, in document order, or nullopt.
    /// Precondition: `json` is well-formed JSON (QJsonDocument::fromJson accepted it).
    static std::optional<Duplicate> first(const QByteArray& json);
};

}  // namespace initscope

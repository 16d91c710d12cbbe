#pragma once

#include <QString>

#include <optional>
#include <string>

namespace initscope {

/// Checks, before anything is computed, that an output can be written where the user asked, so
/// that bad input writes nothing. The problems name the path (QuotedText::escaped), not
/// the option that gave it.
class OutputPath {
public:
    /// Why `directory` cannot receive files, or nullopt: the path is empty ("the path is
    /// empty"), it exists and is not a directory ("'out' exists and is not a directory") or is not
    /// writable, or it does not exist and its nearest existing ancestor is not a writable directory
    /// (QDir::mkpath could not create it). Creates nothing.
    static std::optional<std::string> directory_problem(const QString& directory);
    /// Why the file `path` cannot be written, or nullopt: the path is empty, it is a directory,
    /// or its directory does not exist or is not writable. Creates nothing.
    static std::optional<std::string> file_problem(const QString& path);

    /// The one spelling of the file `path` names, for telling whether two outputs are the same
    /// file: absolute and cleaned, its directory resolved through symbolic links when it exists
    /// ("out/../a.json" and "./a.json" are the same). Case-sensitive, as Linux is.
    static QString identity(const QString& path);
};

}  // namespace initscope

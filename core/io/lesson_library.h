#pragma once

#include "core/io/lesson_file.h"

#include <QString>

#include <string>
#include <vector>

namespace initscope {

/// The shipped lessons, compiled in from resources/lessons/<name>.json as the Qt resource
/// ":/lessons/<name>.json" (core/io/CMakeLists.txt), like PresetLibrary's presets: xavier_kaiming,
/// vanishing_exploding, edge_of_chaos.
class LessonLibrary {
public:
    /// Lesson names in teaching order (the order of kOrder in lesson_library.cpp, then any other
    /// shipped lesson sorted).
    static std::vector<std::string> names();
    /// The lesson's title; empty when there is no such lesson.
    static std::string title(const std::string& name);
    /// The lesson, read. An unknown name gives "lesson 'foo': no such lesson (lessons: …)".
    static LessonFile::Result load(const std::string& name);
    /// A shipped lesson's name, or else a lesson file's path: what --lesson and the menu take.
    static LessonFile::Result load_name_or_file(const QString& name_or_path);
    /// ":/lessons/<name>.json"
    static QString resource_path(const std::string& name);
};

}  // namespace initscope

#include "core/io/lesson_library.h"

#include <QDir>

#include <algorithm>
#include <array>
#include <string_view>

namespace initscope {

namespace {

/// The order a course takes them in.
constexpr std::array<std::string_view, 3> kOrder{"xavier_kaiming", "vanishing_exploding",
                                                 "edge_of_chaos"};

}  // namespace

QString LessonLibrary::resource_path(const std::string& name) {
    return QStringLiteral(":/lessons/") + QString::fromStdString(name) + QStringLiteral(".json");
}

std::vector<std::string> LessonLibrary::names() {
    std::vector<std::string> found;
    const QStringList files =
        QDir(QStringLiteral(":/lessons")).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString& file : files) found.push_back(file.chopped(5).toStdString());
    const auto rank = [](const std::string& name) {
        return std::find(kOrder.begin(), kOrder.end(), name) - kOrder.begin();
    };
    std::sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
        return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
    });
    return found;
}

std::string LessonLibrary::title(const std::string& name) {
    const LessonFile::Result result = load(name);
    return result ? result.lesson->title : std::string();
}

LessonFile::Result LessonLibrary::load(const std::string& name) {
    const std::vector<std::string> known = names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (const std::string& n : known) list.append(list.empty() ? "" : ", ").append(n);
        LessonFile::Result result;
        result.error = "lesson '" + name + "': no such lesson (lessons: " + list + ")";
        return result;
    }
    return LessonFile::read(resource_path(name));
}

LessonFile::Result LessonLibrary::load_name_or_file(const QString& name_or_path) {
    const std::vector<std::string> known = names();
    const std::string name = name_or_path.toStdString();
    const bool looks_like_file = name_or_path.contains('/') || name_or_path.endsWith(".json");
    if (std::find(known.begin(), known.end(), name) != known.end() || !looks_like_file)
        return load(name);
    return LessonFile::read(name_or_path);
}

}  // namespace initscope

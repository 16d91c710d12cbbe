// `initscope --screenshot FILE --presenter` (issue 11): presenter mode rendered offscreen at the
// --size asked for (not the offscreen platform's screen), in the --theme asked for.
#include "cli_run.h"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope::test;

namespace {

/// The mean lightness (0–255) of `image`, from a grid of samples.
double mean_lightness(const QImage& image) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < image.height(); y += 8)
        for (int x = 0; x < image.width(); x += 8, ++n) sum += image.pixelColor(x, y).lightness();
    return sum / n;
}

}  // namespace

class TestPresenterCli : public QObject {
    Q_OBJECT
private slots:
    void presenter_screenshot_has_the_size_asked_for() {
        QTemporaryDir tmp;
        for (const QSize size : {QSize(1280, 720), QSize(1024, 768)}) {
            const QString name = QString("%1x%2").arg(size.width()).arg(size.height());
            const QString shot = tmp.filePath(name + ".png");
            const Run r = run({"--screenshot", shot, "--presenter", "--preset", "course", "--size",
                               name, "--tab", "layers"});
            QVERIFY2(r.status == 0, qPrintable(name + ": " + r.err));
            const QImage image(shot);
            QCOMPARE(image.size(), size);
        }
    }

    // The presenter screenshot is not the normal window's: no menu bar, no side panels.
    void presenter_screenshot_differs_from_the_window() {
        QTemporaryDir tmp;
        const QString normal = tmp.filePath("normal.png"), shown = tmp.filePath("presenter.png");
        const QStringList common{"--preset", "course", "--size", "1280x720", "--tab", "overview"};
        QCOMPARE(run(QStringList{"--screenshot", normal} + common).status, 0);
        QCOMPARE(run(QStringList{"--screenshot", shown, "--presenter"} + common).status, 0);
        const QImage a(normal), b(shown);
        QCOMPARE(a.size(), b.size());
        QVERIFY(a != b);
    }

    void theme_colours_the_screenshot() {
        QTemporaryDir tmp;
        const QString dark = tmp.filePath("dark.png"), light = tmp.filePath("light.png");
        const QStringList common{"--presenter", "--preset", "course", "--size", "1024x768"};
        QCOMPARE(run(QStringList{"--screenshot", dark, "--theme", "dark"} + common).status, 0);
        QCOMPARE(run(QStringList{"--screenshot", light, "--theme", "light"} + common).status, 0);
        QVERIFY2(mean_lightness(QImage(dark)) < 80, "the dark theme is mostly dark");
        QVERIFY2(mean_lightness(QImage(light)) > 200, "the light theme is mostly light");
    }

    void bad_theme_is_refused_in_one_line() {
        const Run r = run({"--screenshot", "/nonexistent/x.png", "--theme", "pink"});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("--theme: expected system, light or dark, got 'pink'"),
                 qPrintable(r.err));
    }
};

QTEST_MAIN(TestPresenterCli)
#include "tst_presenter_cli.moc"

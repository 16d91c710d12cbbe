#include "ui/export/parallel_plot_painter.h"

#include <qcustomplot.h>
#include <QImage>
#include <QMutex>
#include <QRunnable>
#include <QThreadPool>
#include <QWaitCondition>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <numeric>

namespace initscope {

namespace {

/// What the calling thread and its helpers share while drawing one picture: the jobs in the
/// order they are taken, the next to take and how many are drawn. Held by every helper task,
/// so one that starts late (its pool busy) finds nothing left and ends.
struct SharedRun {
    std::vector<std::function<void()>> work;
    std::atomic<size_t> next{0};
    size_t drawn = 0;  ///< guarded by mutex
    QMutex mutex;
    QWaitCondition all_drawn;

    /// Takes and draws jobs until none is left.
    void take_all() {
        for (size_t i = next++; i < work.size(); i = next++) {
            work[i]();
            const QMutexLocker lock(&mutex);
            if (++drawn == work.size()) all_drawn.wakeAll();
        }
    }
};

}  // namespace

void ParallelPlotPainter::add(QCustomPlot* plot, const QCPPainter& painter, QSize size,
                              const QRect& device_clip) {
    jobs_.push_back(Job{plot, painter.combinedTransform(), size, device_clip,
                        static_cast<int>(painter.modes()), painter.renderHints()});
}

bool ParallelPlotPainter::disjoint(const std::vector<Job>& jobs) {
    for (size_t i = 0; i < jobs.size(); ++i)
        for (size_t j = i + 1; j < jobs.size(); ++j)
            if (jobs[i].device_clip.intersects(jobs[j].device_clip)) return false;
    return true;
}

void ParallelPlotPainter::paint(const Job& job, QImage& image) {
    QCPPainter painter(&image);
    painter.setModes(QCPPainter::PainterModes(job.modes));
    painter.setRenderHints(job.hints);
    painter.setClipRect(job.device_clip);
    painter.setWorldTransform(job.transform);
    job.plot->toPainter(&painter, job.size.width(), job.size.height());
}

void ParallelPlotPainter::run(QImage& image, QThreadPool* pool) {
    std::vector<Job> jobs = std::move(jobs_);
    jobs_.clear();
    const QRect bounds = image.rect();
    std::erase_if(jobs, [&](Job& job) {
        job.device_clip &= bounds;
        return job.device_clip.isEmpty();
    });
    if (jobs.empty()) return;
    const int helpers = pool ? std::min(pool->maxThreadCount(), int(jobs.size()) - 1) : 0;
    if (helpers <= 0 || !disjoint(jobs)) {
        for (const Job& job : jobs) paint(job, image);
        return;
    }
    // Each thread draws through a QImage of its own over all of `image`'s pixels (the same
    // device and transform, so the same arithmetic); the clip keeps each plot to its pixels.
    uchar* bits = image.bits();  // detached here, once, on this thread
    const QSize size = image.size();
    const qsizetype line = image.bytesPerLine();
    const int dpm_x = image.dotsPerMeterX(), dpm_y = image.dotsPerMeterY();
    const QImage::Format format = image.format();
    std::vector<size_t> order(jobs.size());
    std::iota(order.begin(), order.end(), size_t(0));
    const auto area = [&](size_t i) {
        return qint64(jobs[i].device_clip.width()) * jobs[i].device_clip.height();
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return area(a) > area(b); });
    auto shared = std::make_shared<SharedRun>();
    for (size_t i : order) {
        const Job job = jobs[i];
        shared->work.push_back([=] {
            QImage canvas(bits, size.width(), size.height(), line, format);
            canvas.setDotsPerMeterX(dpm_x);  // fonts get the picture's size
            canvas.setDotsPerMeterY(dpm_y);
            paint(job, canvas);
        });
    }
    for (int i = 0; i < helpers; ++i)
        pool->start(QRunnable::create([shared] { shared->take_all(); }), 1);
    shared->take_all();
    const QMutexLocker lock(&shared->mutex);
    while (shared->drawn < shared->work.size()) shared->all_drawn.wait(&shared->mutex);
}

}  // namespace initscope

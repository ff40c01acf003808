// The compiled half of the Python package (`newsdeal._newsdeal`): the library's
// Pipeline, the allocation model and the partition runner of the Dask batch.
// Records cross as JSONL lines (exactly the bytes `newsdeal batch` writes);
// newsdeal/__init__.py turns them into dicts and error records into exceptions.
// Every call that runs the pipeline releases the GIL, so Python threads (and a
// Dask worker's event loop) go on while C++ works.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <thread>
#include <tuple>

#include "articles.h"
#include "partition.h"
#include "pipeline/json_writer.h"
#include "pipeline/model.h"
#include "pipeline/readers/input.h"

using namespace newsdeal;

namespace {

class PyPipeline {
 public:
  PyPipeline(std::vector<std::string> rules, std::vector<std::string> gazetteers, bool with_text,
             std::size_t max_article_bytes) {
    PipelineOptions o;
    o.extractors.rule_dirs = std::move(rules);
    o.extractors.gazetteers = std::move(gazetteers);
    o.with_text = with_text;
    read_.max_article_bytes = max_article_bytes;
    pipeline_ = std::make_unique<Pipeline>(o);
  }

  std::string process_text(const std::string& bytes, const py::TextMeta& meta) const {
    return to_jsonl_line(py::run_item(*pipeline_, py::article_from_text(bytes, meta, read_)));
  }

  std::string process_json(const std::string& line) const {
    return to_jsonl_line(py::run_item(*pipeline_, py::article_from_json(line, read_)));
  }

  // (is_json, payload, id, url, title, lang, published) per item.
  using Item = std::tuple<bool, std::string, std::optional<std::string>, std::optional<std::string>,
                          std::optional<std::string>, std::optional<std::string>, std::optional<std::string>>;

  std::vector<std::string> process_many(const std::vector<Item>& items, unsigned threads) const {
    std::vector<ReadItem> articles;
    articles.reserve(items.size());
    for (const auto& [is_json, payload, id, url, title, lang, published] : items) {
      if (is_json) articles.push_back(py::article_from_json(payload, read_));
      else articles.push_back(py::article_from_text(payload, {id, url, title, lang, published}, read_));
    }
    std::vector<std::string> lines;
    lines.reserve(items.size());
    for (const Outcome& o : py::run_items(*pipeline_, std::move(articles), threads)) lines.push_back(to_jsonl_line(o));
    return lines;
  }

  // -> (model JSON, records, errors, errors by stage, text bytes)
  std::tuple<std::string, std::size_t, std::size_t, std::map<std::string, std::size_t>, std::size_t> run_partition(
      const std::string& path, std::optional<std::uint64_t> start, std::optional<std::uint64_t> end,
      std::uint64_t first_line, const std::string& out_path, unsigned threads) const {
    py::PartitionSpec spec{path, start, end, first_line};
    py::PartitionResult r = py::run_partition(*pipeline_, spec, read_, threads, out_path);
    return {r.model.to_json().dump(), r.records, r.errors, r.errors_by_stage, r.text_bytes};
  }

 private:
  std::unique_ptr<Pipeline> pipeline_;
  ReadOptions read_;
};

// As `newsdeal model` writes it: indented JSON and a newline.
std::string model_text(const AllocationModel& m) { return m.to_json().dump(2) + "\n"; }

}  // namespace

PYBIND11_MODULE(_newsdeal, m) {
  m.doc() = "newsdeal's C++ library; use the newsdeal package, which wraps this module";
  namespace pyb = pybind11;
  using release = pyb::call_guard<pyb::gil_scoped_release>;

  pyb::class_<PyPipeline>(m, "Pipeline")
      .def(pyb::init<std::vector<std::string>, std::vector<std::string>, bool, std::size_t>(), pyb::arg("rules"),
           pyb::arg("gazetteers"), pyb::arg("with_text"), pyb::arg("max_article_bytes"), release())
      .def(
          "process_text",
          [](const PyPipeline& p, const std::string& bytes, std::optional<std::string> id,
             std::optional<std::string> url, std::optional<std::string> title, std::optional<std::string> lang,
             std::optional<std::string> published) {
            return p.process_text(bytes, {id, url, title, lang, published});
          },
          pyb::arg("text"), pyb::arg("id"), pyb::arg("url"), pyb::arg("title"), pyb::arg("lang"),
          pyb::arg("published"), release())
      .def("process_json", &PyPipeline::process_json, pyb::arg("line"), release())
      .def("process_many", &PyPipeline::process_many, pyb::arg("items"), pyb::arg("threads"), release())
      .def("run_partition", &PyPipeline::run_partition, pyb::arg("path"), pyb::arg("start"), pyb::arg("end"),
           pyb::arg("first_line"), pyb::arg("out_path"), pyb::arg("threads"), release());

  pyb::class_<AllocationModel>(m, "Model")
      .def(pyb::init<>())
      .def(
          "add_record_json",
          [](AllocationModel& self, const std::string& line) { self.add_record(nlohmann::json::parse(line)); },
          pyb::arg("line"))
      .def(
          "add_model_json",
          [](AllocationModel& self, const std::string& text) { self.add_model(nlohmann::json::parse(text)); },
          pyb::arg("text"))
      .def("merge", &AllocationModel::merge, pyb::arg("other"), release())
      .def("to_json", &model_text)
      .def("size", &AllocationModel::size)
      .def("articles", &AllocationModel::articles);

  m.def("expand_input", &expand_input, pyb::arg("input"),
        "The files newsdeal batch reads for an input: a folder's article files, sorted; a file as it is.");
  m.def("count_newlines", &py::count_newlines, pyb::arg("path"), pyb::arg("start"), pyb::arg("end"), release());

  // nlohmann's parse errors and the pipeline's load errors (std::runtime_error
  // "file:line: what") reach Python as ValueError with the message.
  pyb::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nlohmann::json::exception& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

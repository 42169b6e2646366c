// borne hub report: the département's page from the hub's PostgreSQL (image/hub/schema.sql): simulations
// started and completed per kiosk and week, the aids found most, where visitors give up, slips printed,
// with bar charts. Every cell under --min-cell visits (10) is shown as « < 10 » and drawn as no bar, so that
// no visitor can be recognised from a small count. Not done: complementary suppression across tables (e.g. the
// fleet's abandons by place against started − completed of the shown rows); image/hub/HUB.md says so.
#include "commands.hpp"

#include <fmt/format.h>
#include <fstream>
#include <libpq-fe.h>
#include <memory>
#include <optional>

namespace borne::cli {

namespace {

struct Cell {
    std::string label;
    long long value = 0;
};

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using QueryResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string html(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

std::optional<std::vector<std::vector<std::string>>> query(PGconn* db, const char* sql, std::string& error) {
    QueryResult r(PQexec(db, sql), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
        error = PQresultErrorMessage(r.get());
        return std::nullopt;
    }
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        std::vector<std::string> row;
        for (int j = 0; j < PQnfields(r.get()); ++j) row.emplace_back(PQgetvalue(r.get(), i, j));
        rows.push_back(std::move(row));
    }
    return rows;
}

struct Report {
    long long min_cell = 10;
    std::string body;
    int suppressed = 0;

    bool shown(long long v) const { return v >= min_cell; }
    std::string cell(long long v) {
        if (shown(v)) return std::to_string(v);
        ++suppressed;
        return fmt::format("&lt; {}", min_cell);
    }

    /// Horizontal bars, one per row; a suppressed value gets no bar (its length would give it away).
    void chart(const std::string& title, const std::vector<Cell>& cells) {
        long long max = 1;
        for (const auto& c : cells)
            if (shown(c.value)) max = std::max(max, c.value);
        int row_h = 22, label_w = 260, bar_w = 420;
        body += fmt::format("<figure><figcaption>{}</figcaption><svg width=\"{}\" height=\"{}\" role=\"img\">\n", html(title), label_w + bar_w + 80,
                            row_h * static_cast<int>(cells.size()) + 4);
        int y = 0;
        for (const auto& c : cells) {
            body += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 6, y + 15, html(c.label));
            if (shown(c.value)) {
                int w = static_cast<int>(bar_w * c.value / max);
                body += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"bar\"/><text x=\"{}\" y=\"{}\">{}</text>\n", label_w, y + 3,
                                    w, row_h - 6, label_w + w + 4, y + 15, c.value);
            } else {
                body += fmt::format("<text x=\"{}\" y=\"{}\" class=\"masked\">&lt; {} (masqué)</text>\n", label_w + 4, y + 15, min_cell);
            }
            y += row_h;
        }
        body += "</svg></figure>\n";
    }

    void table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& numeric) {
        body += "<table><tr>";
        for (const auto& h : headers) body += "<th>" + html(h) + "</th>";
        body += "</tr>\n";
        for (const auto& row : rows) {
            body += "<tr>";
            for (std::size_t i = 0; i < row.size(); ++i) body += "<td>" + (numeric[i] ? cell(std::stoll(row[i])) : html(row[i])) + "</td>";
            body += "</tr>\n";
        }
        body += "</table>\n";
    }
};

std::vector<Cell> cells_of(const std::vector<std::vector<std::string>>& rows) {
    std::vector<Cell> out;
    for (const auto& r : rows) out.push_back({r[0], std::stoll(r[1])});
    return out;
}

constexpr const char* per_kiosk_week_sql =
    "SELECT kiosk, week::text, "
    "COALESCE(SUM(count) FILTER (WHERE metric = 'started'), 0), "
    "COALESCE(SUM(count) FILTER (WHERE metric = 'completed'), 0), "
    "COALESCE(SUM(count) FILTER (WHERE metric = 'slip_printed'), 0) "
    "FROM kiosk_counts GROUP BY kiosk, week ORDER BY kiosk, week";
/// A week's total counts only the kiosk-weeks shown in the table: with the masked ones in it, the total minus
/// the shown cells would give a masked cell back.
std::string per_week_sql(long long min_cell) {
    return fmt::format(
        "SELECT week::text, SUM(started) FROM (SELECT kiosk, week, COALESCE(SUM(count) FILTER (WHERE metric = 'started'), 0) AS started "
        "FROM kiosk_counts GROUP BY kiosk, week) AS cells WHERE started >= {} GROUP BY week ORDER BY week",
        min_cell);
}
/// Visits per language and week across the fleet, over the kiosk-weeks shown in the table only (as the weekly
/// totals): a masked kiosk-week would otherwise come back as the difference between two published figures.
std::string languages_sql(long long min_cell) {
    return fmt::format(
        "SELECT l.week::text, l.key, SUM(l.count) FROM kiosk_counts AS l JOIN (SELECT kiosk, week FROM kiosk_counts WHERE metric = 'started' "
        "GROUP BY kiosk, week HAVING SUM(count) >= {}) AS shown USING (kiosk, week) WHERE l.metric = 'language' GROUP BY l.week, l.key "
        "ORDER BY l.week, 3 DESC, l.key",
        min_cell);
}
constexpr const char* aids_sql =
    "SELECT key, SUM(count) FROM kiosk_counts WHERE metric = 'aid_found' GROUP BY key ORDER BY 2 DESC, 1";
constexpr const char* abandoned_sql =
    "SELECT key, SUM(count) FROM kiosk_counts WHERE metric = 'abandoned' GROUP BY key ORDER BY 2 DESC, 1";
constexpr const char* durations_sql =
    "SELECT key, SUM(count) FROM kiosk_counts WHERE metric = 'duration' GROUP BY key "
    "ORDER BY array_position(ARRAY['0-2min','2-5min','5-10min','10-20min','20min+'], key)";

}  // namespace

int command_hub(const std::string& sub, const Args& args) {
    if (sub != "report") return usage_error("hub report");
    auto out = args.value("--out");
    if (!out) return usage_error("hub report --out RAPPORT.html [--conninfo \"host=… dbname=…\"] [--min-cell 10]");
    Report report;
    if (auto m = args.value("--min-cell")) {
        try {
            report.min_cell = std::stoll(*m);
        } catch (...) {
            report.min_cell = 0;
        }
        if (report.min_cell < 1) return usage_error(fmt::format("--min-cell : « {} » (un entier ≥ 1)", *m));
    }
    // Empty conninfo: libpq's own defaults ($PGHOST, $PGPORT, $PGDATABASE…).
    Connection db(PQconnectdb(args.value("--conninfo").value_or("").c_str()), &PQfinish);
    if (PQstatus(db.get()) != CONNECTION_OK) {
        fmt::print(stderr, "borne : base du hub injoignable : {}", PQerrorMessage(db.get()));
        return exit_failed;
    }
    std::string error;
    auto per_kiosk = query(db.get(), per_kiosk_week_sql, error);
    auto per_week = per_kiosk ? query(db.get(), per_week_sql(report.min_cell).c_str(), error) : std::nullopt;
    auto aids = per_week ? query(db.get(), aids_sql, error) : std::nullopt;
    auto abandoned = aids ? query(db.get(), abandoned_sql, error) : std::nullopt;
    auto durations = abandoned ? query(db.get(), durations_sql, error) : std::nullopt;
    auto languages = durations ? query(db.get(), languages_sql(report.min_cell).c_str(), error) : std::nullopt;
    if (!languages) {
        fmt::print(stderr, "borne : lecture de la base du hub : {}", error);
        return exit_failed;
    }
    report.body += "<h2>Simulations commencées, toutes bornes, par semaine</h2>\n";
    report.chart(fmt::format("Simulations commencées par semaine (lundi), bornes de {} visites ou plus dans la semaine", report.min_cell),
                 cells_of(*per_week));
    report.body += "<h2>Par borne et par semaine</h2>\n";
    report.table({"borne", "semaine du", "commencées", "terminées", "tickets imprimés"}, *per_kiosk, {false, false, true, true, true});
    report.body += "<h2>Langue des visites</h2>\n";
    std::vector<Cell> language_cells;
    for (const auto& r : *languages) language_cells.push_back({r[0] + " " + r[1], std::stoll(r[2])});
    report.chart(fmt::format("Simulations commencées par semaine et par langue, bornes de {} visites ou plus dans la semaine", report.min_cell),
                 language_cells);
    report.body += "<h2>Les aides trouvées le plus souvent</h2>\n";
    report.chart("Simulations terminées où l'aide a été trouvée", cells_of(*aids));
    report.body += "<h2>Où les visiteurs abandonnent</h2>\n";
    report.chart("Dernier écran ou question avant l'abandon", cells_of(*abandoned));
    report.body += "<h2>Durée des simulations terminées</h2>\n";
    report.chart("Simulations terminées par durée", cells_of(*durations));
    std::string page = fmt::format(
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Borne — rapport du parc</title>\n"
        "<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse}}"
        "td,th{{border:1px solid #999;padding:2px 8px;text-align:right}}svg text{{font-size:13px}}.bar{{fill:#2a6ebb}}.masked{{fill:#888}}</style>\n"
        "</head><body>\n<h1>Borne — rapport du parc</h1>\n"
        "<p>Chiffres agrégés par semaine envoyés par les bornes. Toute case de moins de {} visites est masquée ({} cases masquées).</p>\n{}</body></html>\n",
        report.min_cell, report.suppressed, report.body);
    std::ofstream file(*out, std::ios::binary);
    file << page;
    if (!file.flush()) {
        fmt::print(stderr, "borne : {} : écriture impossible\n", *out);
        return exit_failed;
    }
    fmt::print("{} : {} cases masquées (moins de {} visites)\n", *out, report.suppressed, report.min_cell);
    return exit_ok;
}

}  // namespace borne::cli

"""Words of the HTML reviews (headings, column heads, labels), by language, passed to the templates as ``t``.

TRANSLATION LAYER: a plain mapping for now; the gettext catalogs of issue 12 (words half) replace it
at the merge. The templates hold no words of their own, and no template branches on the language.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        # every review: header, sections, index
        "plan_no": "Kế hoạch số", "of": "ngày", "unit": "Đơn vị", "period": "Kỳ báo cáo", "source": "Nguồn số liệu",
        "sample": "SỐ LIỆU MẪU – minh họa, không phải số liệu chính thức", "official": "số liệu chính thức",
        "sheet": "sheet", "year": "năm", "months": "tháng", "files": "Bảng số liệu",
        "reviews": "Các báo cáo / Reviews", "failed": "lỗi / failed", "interrupted": "bị dừng / interrupted",
        "not started": "chưa chạy / not started",
        # annual review
        "group": "Nhóm", "total": "Tổng", "missed": "Chỉ tiêu không đạt", "short": "Còn thiếu",
        "none_missed": "Không có chỉ tiêu nào không đạt.", "warnings": "Lưu ý về số liệu", "points": "điểm %",
        "summary": "Tóm tắt", "table": "Kết quả thực hiện các chỉ tiêu", "charts": "Tiến độ theo nhóm chỉ tiêu",
        "said": "Đánh giá", "annual_review": "Tổng kết thực hiện chỉ tiêu", "economic_structure": "Cơ cấu kinh tế",
        "midyear_review": "Sơ kết thực hiện chỉ tiêu", "ranking": "Xếp hạng thi đua",
        # economic structure
        "sector": "Ngành", "share_plan": "Kế hoạch (%)", "share_actual": "Thực hiện (%)",
        "gap": "Chênh lệch (điểm %)", "share_base": "Năm trước (%)", "shift": "Chuyển dịch (điểm %)",
        "growth": "Tăng trưởng (%)", "contrib": "Đóng góp (điểm %)", "share_g": "Đóng góp (%)",
        "growth_target": "Kế hoạch tăng (%)", "implied_share": "Cơ cấu suy ra (%)",
        "h_structure": "Cơ cấu kinh tế (giá hiện hành)", "h_growth": "Tăng trưởng và đóng góp (giá so sánh {base})",
        "h_consistency": "Tính nhất quán của kế hoạch", "h_income": "Thu nhập bình quân đầu người",
        "h_budget": "Thực hiện ngân sách", "no_budget": "Không có số liệu ngân sách.",
        "side": "Thu/Chi", "item": "Khoản mục", "estimate": "Dự toán", "done": "Thực hiện", "pct": "% dự toán",
        "thu": "Thu", "chi": "Chi", "can_doi": "Cân đối thu – chi", "income_line":
        "Thu nhập bình quân {value} triệu đồng/người/năm ({income} triệu đồng / {people} người), kế hoạch {target}.",
        "consistent": "Với tỷ trọng năm {year}, các chỉ tiêu tăng trưởng ngành suy ra mức tăng chung {low}–{high}%"
        " (giữa {mid}%), so với chỉ tiêu tổng {plan}%.",
        # interim review
        "name": "Chỉ tiêu", "year_plan": "Kế hoạch năm", "ytd": "Thực hiện", "same": "Cùng kỳ", "vs": "So cùng kỳ",
        "pct_year": "% KH năm", "expected": "Cần đạt đến nay", "projected": "Ước cả năm", "track": "Tiến độ",
        "on": "đúng tiến độ", "off": "chậm tiến độ", "none": "chưa có số liệu", "h_progress": "Tiến độ thực hiện",
        "track_line": "{total} chỉ tiêu: {on} đúng tiến độ, {off} chậm tiến độ, {none} chưa có số liệu",
        "track_note": "Chỉ tiêu tích lũy trong năm (giá trị, sản lượng, thu chi ngân sách) được so với tỷ lệ cùng kỳ"
        " năm trước đã đạt được: cần đạt = kế hoạch năm × (cùng kỳ năm trước / cả năm trước); ước cả năm = thực hiện"
        " × (cả năm trước / cùng kỳ năm trước). Các chỉ tiêu khác được đánh giá theo số liệu mới nhất.",
        # ranking
        "rank": "Hạng", "score": "Tổng điểm", "content": "Điểm nội dung", "bonus": "Điểm thưởng",
        "deduction": "Điểm trừ", "adjustment": "Điểm cộng (+) / trừ (−)", "previous": "Hạng năm trước",
        "change": "Thay đổi", "h_ranking": "Bảng xếp hạng", "how": "Cách tính điểm", "reason": "Lý do",
        "no_subunits": "Không có số liệu của các đơn vị cấp dưới để xếp hạng.",
        "method": "Mỗi chỉ tiêu được chấm theo kết quả: vượt {exceeded}, đạt {met}, không đạt {not_met}, chưa có số"
        " liệu {no_data} điểm; điểm trung bình của mỗi nhóm được nhân trọng số ({weights}) và quy về {scale} điểm;"
        " cộng điểm thưởng (tối đa {bonus_max}) và trừ điểm theo bảng. Chỉ tính các chỉ tiêu có ít nhất một đơn vị"
        " báo cáo. Nguồn: {title}.",
        "sample_scoring": "Bảng điểm mẫu – chưa được Hội đồng thi đua thông qua.",
    },
    "en": {
        "plan_no": "Plan No.", "of": "of", "unit": "Unit", "period": "Period", "source": "Figures from",
        "sample": "SAMPLE DATA – illustrative, not official statistics", "official": "official figures",
        "sheet": "sheet", "year": "year", "months": "months", "files": "Tables",
        "reviews": "Các báo cáo / Reviews", "failed": "lỗi / failed", "interrupted": "bị dừng / interrupted",
        "not started": "chưa chạy / not started",
        "group": "Group", "total": "Total", "missed": "Targets not met", "short": "Short by",
        "none_missed": "Every target with data was met.", "warnings": "Notes on the data", "points": "points",
        "summary": "Summary", "table": "Achievement of every target", "charts": "Progress by group",
        "said": "Assessment", "annual_review": "Annual review of targets", "economic_structure": "Economic structure",
        "midyear_review": "Interim review of targets", "ranking": "Emulation ranking",
        "sector": "Sector", "share_plan": "Plan (%)", "share_actual": "Actual (%)", "gap": "Gap (points)",
        "share_base": "Last year (%)", "shift": "Shift (points)", "growth": "Growth (%)",
        "contrib": "Contribution (points)", "share_g": "Share of growth (%)", "growth_target": "Planned growth (%)",
        "implied_share": "Implied structure (%)", "h_structure": "Economic structure (current prices)",
        "h_growth": "Growth and contributions (constant {base} prices)", "h_consistency": "Is the plan consistent?",
        "h_income": "Income per person", "h_budget": "Budget execution", "no_budget": "No budget figures.",
        "side": "Side", "item": "Item", "estimate": "Estimate", "done": "Actual", "pct": "% of estimate",
        "thu": "Revenue", "chi": "Expenditure", "can_doi": "Balance",
        "income_line": "Income per person {value} million đồng a year ({income} million đồng / {people} people),"
        " plan {target}.",
        "consistent": "With {year} weights the sector growth targets imply total growth of {low}–{high}%"
        " (middle {mid}%), against the plan's total of {plan}%.",
        "name": "Indicator", "year_plan": "Year plan", "ytd": "Actual", "same": "Same period last year",
        "vs": "Change", "pct_year": "% of year plan", "expected": "Expected by now", "projected": "Projected year",
        "track": "Progress", "on": "on track", "off": "behind", "none": "no data", "h_progress": "Progress",
        "track_line": "{total} targets: {on} on track, {off} behind, {none} no data",
        "track_note": "Targets that accumulate over the year (production, output, budget) are compared with last"
        " year's profile: expected = year plan × (last year's same period / last year); projected = actual × (last"
        " year / last year's same period). Other targets are judged on their latest figure.",
        "rank": "Rank", "score": "Score", "content": "Content points", "bonus": "Bonus",
        "deduction": "Deduction", "adjustment": "Points added (+) or deducted (−)", "previous": "Last year's rank",
        "change": "Change", "h_ranking": "Ranking", "how": "How the score is computed", "reason": "Reason",
        "no_subunits": "No sub-unit figures to rank.",
        "method": "Each target scores by its status: exceeded {exceeded}, met {met}, not met {not_met}, no data"
        " {no_data}; each group's mean is weighted ({weights}) and scaled to {scale} points; bonuses (at most"
        " {bonus_max}) and deductions are added from the table. Only targets that at least one unit reported"
        " count. Source: {title}.",
        "sample_scoring": "Sample scoring table – not adopted by any council.",
    },
}  # fmt: skip

"""The four papers as PDF: a member's score sheet (blank or filled), the council's minutes for a product, the
round's result list, the draft decision with its annex of recognised products."""

from collections import Counter
from collections.abc import Sequence

from ocop.evaluations.papers import layout
from ocop.evaluations.papers.content import (
    MinutesPaper,
    ResultRow,
    RoundPaper,
    SheetPaper,
)
from ocop.evaluations.papers.layout import Column, Signer, paper_date, points
from ocop.evaluations.services import OUTLIER_POINTS


def _stars(count: int | None) -> str:
    return f"{count} sao" if count is not None else ""


def _address(dossier) -> str:
    commune = dossier.producer.commune
    return ", ".join(part for part in (dossier.producer.address, commune.name, commune.province.name) if part)


def _product_facts(pdf, paper, *, round_name: str, extra: Sequence[tuple[str, str]] = ()) -> None:
    dossier = paper.dossier
    layout.facts(
        pdf,
        [
            ("Đợt đánh giá", round_name),
            ("Tên sản phẩm", dossier.product.name_vi),
            ("Chủ thể", dossier.producer.legal_name),
            ("Địa chỉ", _address(dossier)),
            ("Bộ tiêu chí", f"{paper.version_document}; {paper.set_name}"),
            *extra,
        ],
    )


# ---------------------------------------------------------------- score sheet


def sheet_pdf(paper: SheetPaper) -> bytes:
    dossier = paper.dossier
    kind = "Phiếu chấm trống" if paper.blank else "Phiếu chấm"
    pdf = layout.new_paper(
        title=f"{kind} – {dossier.product.name_vi}", footer_note=f"{kind} · {dossier.product.name_vi}"
    )
    layout.letterhead(pdf, paper.head)
    layout.title(pdf, "Phiếu chấm điểm, phân hạng sản phẩm OCOP", "(Dành cho thành viên Hội đồng đánh giá)")
    member = f"{paper.member_name} – {paper.member_role}" if paper.member_name else ""
    _product_facts(pdf, paper, round_name=paper.round.name, extra=[("Người chấm", member)])
    if not paper.blank and not paper.submitted:
        layout.paragraph(pdf, "BẢN NHÁP: phiếu đang chấm, chưa nộp cho Hội đồng.", style="B", size=11)
    shaded = [index for index, line in enumerate(paper.lines) if line.level == "part"]
    emphasised = [index for index, line in enumerate(paper.lines) if line.level == "section"]
    if paper.blank:
        columns = [
            Column("Mã", 9, "CENTER"),
            Column("Tiêu chí và các phương án", 65),
            Column("Điểm tối đa", 13, "CENTER"),
            Column("Điểm chấm", 13, "CENTER"),
        ]
        rows = [
            [
                line.code if line.level == "criterion" else "",
                line.name + "".join(f"\n   ○ {text} ({points(value, 0)} điểm)" for text, value in line.options),
                points(line.max_points, 0),
                "",
            ]
            for line in paper.lines
        ]
        rows.append(["", "Tổng điểm", points(paper.max_total, 0), ""])
    else:
        columns = [
            Column("Mã", 8, "CENTER"),
            Column("Tiêu chí", 33),
            Column("Phương án đã chọn", 39),
            Column("Điểm tối đa", 10, "CENTER"),
            Column("Điểm chấm", 10, "CENTER"),
        ]
        rows = [
            [
                line.code if line.level == "criterion" else "",
                line.name,
                line.chosen + (f"\nNhận xét: {line.comment}" if line.comment else ""),
                points(line.max_points, 0),
                points(line.points, 0) if line.points is not None else ("" if line.level != "criterion" else "—"),
            ]
            for line in paper.lines
        ]
        rows.append(["", "Tổng điểm", "", points(paper.max_total, 0), points(paper.total)])
    layout.table(pdf, columns, rows, size=9, shaded=shaded, emphasised=[*emphasised, len(rows) - 1])
    if paper.blank:
        layout.facts(
            pdf,
            [
                ("Hạng sao theo phiếu", "……… sao"),
                ("Điều kiện loại trừ xảy ra (nếu có)", ""),
                ("Nhận xét chung", ""),
            ],
        )
    else:
        layout.facts(
            pdf,
            [
                ("Tổng điểm", f"{points(paper.total)} / {points(paper.max_total, 0)} điểm"),
                ("Hạng sao theo phiếu", _stars(paper.stars)),
                ("Điều kiện loại trừ xảy ra", "; ".join(paper.knockouts) or "không có"),
                ("Nhận xét chung", paper.comment or "không có"),
            ],
        )
    layout.signatures(pdf, [Signer("NGƯỜI CHẤM", paper.member_name)])
    return layout.finish(pdf)


# ---------------------------------------------------------------- minutes


def minutes_pdf(paper: MinutesPaper) -> bytes:
    dossier, result = paper.dossier, paper.result
    pdf = layout.new_paper(
        title=f"Biên bản họp Hội đồng – {dossier.product.name_vi}", footer_note=f"Biên bản · {dossier.product.name_vi}"
    )
    layout.letterhead(pdf, paper.head)
    layout.title(
        pdf, "Biên bản", "Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP", f"Sản phẩm: {dossier.product.name_vi}"
    )
    layout.paragraph(
        pdf,
        f"Hôm nay, {paper_date(paper.head.day, year=paper.head.year)}, tại {paper.head.place}, "
        f"{paper.council_name or 'Hội đồng đánh giá, phân hạng sản phẩm OCOP'} họp đánh giá, phân hạng sản phẩm "
        f"“{dossier.product.name_vi}” của {dossier.producer.legal_name}, trong {paper.round.name}.",
    )
    _product_facts(pdf, paper, round_name=paper.round.name)

    layout.paragraph(pdf, "I. THÀNH PHẦN HỘI ĐỒNG VÀ ĐIỂM CỦA TỪNG THÀNH VIÊN", style="B")
    layout.table(
        pdf,
        [
            Column("STT", 8, "CENTER"),
            Column("Họ và tên", 52),
            Column("Chức danh", 22),
            Column("Tổng điểm", 18, "CENTER"),
        ],
        [
            [str(index), member.name, member.role, points(member.total) if member.total is not None else "không chấm"]
            for index, member in enumerate(paper.members, start=1)
        ],
        size=10,
    )

    layout.paragraph(pdf, "II. KẾT QUẢ CHẤM ĐIỂM", style="B")
    layout.facts(
        pdf,
        [
            ("Số phiếu chấm", str(len(result.member_totals))),
            ("Điểm trung bình", f"{points(result.total)} / {points(dossier.criteria_version.max_total, 0)} điểm"),
            ("Trung vị các tổng điểm", points(result.median)),
            ("Hạng theo thang điểm", _stars(result.band_stars)),
            ("Hạng sao", _stars(result.stars)),
        ],
    )
    for line in paper.explanation:
        layout.paragraph(pdf, line, size=10.5, indent=4, after=0.8)
    pdf.ln(2)

    layout.paragraph(pdf, f"III. ĐIỂM LỆCH QUÁ {OUTLIER_POINTS} ĐIỂM SO VỚI TRUNG VỊ", style="B")
    if paper.outliers:
        layout.table(
            pdf,
            [Column("Thành viên", 55), Column("Tổng điểm", 20, "CENTER"), Column("Chênh lệch", 20, "CENTER")],
            [[item.name, points(item.total), points(item.difference)] for item in paper.outliers],
            size=10,
        )
        layout.paragraph(pdf, f"Ý kiến thảo luận của Hội đồng: {result.outlier_reason}")
    else:
        layout.paragraph(pdf, f"Không có thành viên nào chấm lệch quá {OUTLIER_POINTS} điểm so với trung vị.")

    if pdf.get_y() > pdf.h - layout.BOTTOM - 80:  # the conclusion stays with the signatures
        pdf.add_page()
    layout.paragraph(pdf, "IV. KẾT LUẬN", style="B")
    layout.paragraph(pdf, paper.outcome)
    layout.paragraph(pdf, "Biên bản được các thành viên Hội đồng thống nhất thông qua.", style="I", size=11)
    layout.signatures(pdf, [Signer("THƯ KÝ HỘI ĐỒNG", paper.secretary), Signer("CHỦ TỊCH HỘI ĐỒNG", paper.chair)])
    return layout.finish(pdf)


# ---------------------------------------------------------------- result list


def _count_by_stars(rows: Sequence[ResultRow]) -> str:
    counts = Counter(row.stars for row in rows)
    return ", ".join(f"{counts[stars]} sản phẩm {stars} sao" for stars in sorted(counts, reverse=True))


def results_pdf(paper: RoundPaper) -> bytes:
    round_ = paper.round
    pdf = layout.new_paper(title=f"Kết quả đánh giá – {round_.name}", footer_note=f"Kết quả · {round_.name}")
    layout.letterhead(pdf, paper.head)
    layout.title(pdf, "Danh sách kết quả đánh giá, phân hạng sản phẩm OCOP", round_.name)
    layout.paragraph(
        pdf,
        f"{paper.council_name or 'Hội đồng đánh giá, phân hạng sản phẩm OCOP'} tổng hợp kết quả đánh giá, phân hạng "
        f"các sản phẩm của {round_.name} theo {paper.version_document}:",
    )
    rows = paper.rows
    layout.table(
        pdf,
        [
            Column("STT", 7, "CENTER"),
            Column("Tên sản phẩm", 27),
            Column("Chủ thể", 25),
            Column("Xã, phường", 15),
            Column("Điểm TB", 9, "CENTER"),
            Column("Hạng sao", 8, "CENTER"),
            Column("Kết quả", 14),
        ],
        [
            [str(index), row.product, row.producer, row.commune, points(row.total), str(row.stars), row.outcome]
            for index, row in enumerate(rows, start=1)
        ]
        or [["", "Chưa có sản phẩm nào được Hội đồng chốt điểm trong đợt.", "", "", "", "", ""]],
        size=9.5,
    )
    recognised = paper.recognised
    summary = f"Tổng số: {len(rows)} sản phẩm được chấm điểm"
    if recognised:
        summary += f"; đề nghị công nhận {len(recognised)} sản phẩm ({_count_by_stars(recognised)})"
    layout.paragraph(pdf, summary + ".")
    layout.signatures(pdf, [Signer("THƯ KÝ HỘI ĐỒNG", paper.secretary), Signer("CHỦ TỊCH HỘI ĐỒNG", paper.chair)])
    return layout.finish(pdf)


# ---------------------------------------------------------------- draft decision and its annex


def _annex_table(pdf, rows: Sequence[ResultRow]) -> None:
    layout.table(
        pdf,
        [
            Column("STT", 7, "CENTER"),
            Column("Tên sản phẩm", 28),
            Column("Chủ thể", 28),
            Column("Địa chỉ", 22),
            Column("Điểm", 8, "CENTER"),
            Column("Hạng sao", 9, "CENTER"),
        ],
        [
            [str(index), row.product, row.producer, f"{row.commune}, {row.province}", points(row.total), str(row.stars)]
            for index, row in enumerate(rows, start=1)
        ]
        or [["", "Không có sản phẩm nào đạt từ 3 sao trong đợt.", "", "", "", ""]],
        size=9.5,
    )


def decision_pdf(paper: RoundPaper) -> bytes:
    round_, head = paper.round, paper.head
    issuer = head.issuer.replace("\n", " ")
    central = issuer.upper().startswith("BỘ")
    leader = f"BỘ TRƯỞNG {issuer.upper()}" if central else f"CHỦ TỊCH {issuer.upper()}"
    pdf = layout.new_paper(
        title=f"Dự thảo quyết định – {round_.name}", footer_note=f"Dự thảo quyết định · {round_.name}"
    )
    layout.letterhead(pdf, head)
    recognised = paper.recognised
    layout.title(pdf, "Quyết định", f"Về việc công nhận sản phẩm đạt chuẩn OCOP năm {round_.year} ({round_.name})")
    pdf.set_font(layout.FONT, "B", 12)
    pdf.multi_cell(layout.BODY_W, 6, leader, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    council = paper.council_name or "Hội đồng đánh giá, phân hạng sản phẩm OCOP"
    for line in (
        f"Căn cứ {paper.version_document} ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương "
        "trình Mỗi xã một sản phẩm;",
        f"Căn cứ kết quả đánh giá, phân hạng của {council} tại Danh sách kết quả số {round_.number:02d}/KQ-HĐĐG;",
        f"Theo đề nghị của {council}.",
    ):
        layout.paragraph(pdf, line, style="I", indent=8, after=0.8)
    pdf.ln(2)
    pdf.set_font(layout.FONT, "B", 12.5)
    pdf.cell(layout.BODY_W, 7, "QUYẾT ĐỊNH:", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if recognised:
        article = (
            f"Công nhận {len(recognised)} sản phẩm đạt chuẩn OCOP ({_count_by_stars(recognised)}), "
            "có danh sách kèm theo."
        )
    else:
        article = "Trong đợt đánh giá không có sản phẩm nào đủ điều kiện công nhận đạt chuẩn OCOP."
    layout.paragraph(pdf, article, indent=8, lead="Điều 1.")
    layout.paragraph(
        pdf,
        "Kết quả công nhận có giá trị 36 tháng kể từ ngày ký Quyết định. Chủ thể có sản phẩm được công "
        "nhận được sử dụng biểu trưng OCOP và số sao được công nhận trên bao bì, nhãn sản phẩm theo quy định.",
        indent=8,
        lead="Điều 2.",
    )
    layout.paragraph(
        pdf,
        "Quyết định có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị có liên quan và các chủ "
        "thể có tên tại danh sách kèm theo chịu trách nhiệm thi hành Quyết định này.",
        indent=8,
        lead="Điều 3.",
    )
    if pdf.get_y() > pdf.h - layout.BOTTOM - 50:
        pdf.add_page()
    top = pdf.get_y() + 4
    layout.recipients(pdf, ["Như Điều 3;", council + ";", "Lưu: VT."], top=top)
    pdf.set_xy(layout.LEFT, top)
    prefix, title = ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG") if central else ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    layout.signatures(pdf, [Signer(title, "", prefix=prefix)])

    pdf.add_page()
    pdf.set_font(layout.FONT, "B", 13)
    pdf.cell(
        layout.BODY_W, 7, "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN OCOP", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    signer_body = "Bộ trưởng Bộ Nông nghiệp và Môi trường" if central else f"Chủ tịch {issuer}"
    layout.paragraph(
        pdf,
        f"(Kèm theo Quyết định số ……/{head.number.rsplit('/', 1)[1]} {paper_date(None, year=head.year)} "
        f"của {signer_body})",
        style="I",
        size=11,
        align="C",
    )
    _annex_table(pdf, recognised)
    return layout.finish(pdf)


__all__ = ["decision_pdf", "minutes_pdf", "results_pdf", "sheet_pdf"]

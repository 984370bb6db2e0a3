"""Reference rows of the certificates app: who may issue which star at which level, and the legal
grounds for revocation. Both are data so that a province (or a new decision) can change them
without a release; this module holds the rows shipped with the platform.

Sources: domain.md (QĐ 1048/2019, QĐ 148/2023, QĐ 1489/2025). The revocation grounds follow the
grounds named in QĐ 148/QĐ-TTg; their exact wording is to be checked against the text [U].
"""

import datetime

RULES = [
    # (level, role, min, max, decided_before, notes)
    ("province", "provincial_officer", 3, 4, None, "QĐ 1048/2019, QĐ 1489/2025: tỉnh công nhận 3 và 4 sao"),
    ("central", "central_officer", 5, 5, None, "Trung ương công nhận 5 sao (sản phẩm OCOP quốc gia)"),
    (
        "district",
        "provincial_officer",
        3,
        3,
        datetime.date(2025, 7, 1),
        "QĐ 148/2023: huyện công nhận 3 sao; bỏ cấp huyện từ 1/7/2025 (ghi nhận hồ sơ cũ)",
    ),
]

GROUNDS = [
    (
        "no_longer_meets_criteria",
        "Sản phẩm không còn đáp ứng tiêu chí, hạng sao đã được công nhận",
        "The product no longer meets the criteria of its recognised star rating",
    ),
    (
        "false_dossier",
        "Hồ sơ đề nghị đánh giá, công nhận có thông tin giả mạo, không trung thực",
        "The evaluation dossier contained forged or untruthful information",
    ),
    (
        "food_safety_quality",
        "Vi phạm quy định về an toàn thực phẩm, chất lượng sản phẩm",
        "Breach of food-safety or product-quality regulations",
    ),
    (
        "intellectual_property",
        "Vi phạm quyền sở hữu trí tuệ, nhãn hiệu, chỉ dẫn địa lý",
        "Infringement of intellectual property, trademark or geographical indication",
    ),
    ("logo_misuse", "Sử dụng biểu trưng OCOP, hạng sao không đúng quy định", "Misuse of the OCOP logo or star rating"),
    (
        "ceased_production",
        "Chủ thể ngừng sản xuất, kinh doanh sản phẩm hoặc giải thể",
        "The producer stopped making the product or was dissolved",
    ),
    ("voluntary", "Chủ thể tự nguyện đề nghị thu hồi", "Withdrawn at the producer's request"),
    ("other", "Căn cứ khác (ghi rõ trong lý do)", "Other ground (stated in the reason)"),
]


LEGAL_BASIS = "Quyết định 148/QĐ-TTg (cần đối chiếu điều khoản)"


def reference_data_load(rule_model=None, ground_model=None) -> None:
    """Create the shipped rules and grounds that are missing (idempotent; edits are kept).

    The migration passes its historical models; tests call it after a transactional test has
    emptied the tables.
    """
    if rule_model is None or ground_model is None:
        from ocop.certificates.models import IssuingRule, RevocationGround

        rule_model, ground_model = IssuingRule, RevocationGround
    for level, role, low, high, before, notes in RULES:
        rule_model.objects.get_or_create(
            authority_level=level,
            role=role,
            min_stars=low,
            defaults={"max_stars": high, "decided_before": before, "notes": notes},
        )
    for position, (code, name_vi, name_en) in enumerate(GROUNDS):
        ground_model.objects.get_or_create(
            code=code,
            defaults={"name_vi": name_vi, "name_en": name_en, "legal_basis": LEGAL_BASIS, "position": position},
        )

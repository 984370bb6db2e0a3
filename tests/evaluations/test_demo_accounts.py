"""The README's demo account table lists every account the demo creates, with its role."""

import re
from pathlib import Path

from ocop.demo import data
from ocop.evaluations import demo

README = Path(__file__).resolve().parents[2] / "README.md"
ROLE_WORDS = {
    "admin": "system administrator",
    "provincial_officer": "provincial officer",
    "commune_officer": "commune officer",
    "council_member": "council member",
    "central_officer": "central officer",
    "buyer": "buyer",
    "producer": "producer",
}


def test_every_demo_account_is_in_the_readme_table_with_its_role():
    table = README.read_text(encoding="utf-8").split("### Demo accounts")[1].split("\n\n", 2)[1]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z0-9]+)` \| ([^|]+) \|", table, re.M)}
    accounts = [*data.USERS, *demo.USERS]
    assert set(rows) == {username for username, *_rest in accounts}
    for username, role, _name, _scope in accounts:
        assert ROLE_WORDS[role] in rows[username], username
    assert "secretary" in rows["thuky"]
    assert "records the decisions" in rows["thuky"]

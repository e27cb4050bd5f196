"""The order in which the OCPP 1.6 test case document (FINAL 2024-04) presents its cases.

IDs only (facts of the plan, not its text). The docs list cases in this order, so a reader can
follow the plan beside them; an ID the document does not have (a split part, a case added in a
later version) follows its legacy ID or the nearest lower ID of its role.
"""

from __future__ import annotations

DOCUMENT_ORDER = tuple("""
TC_001_CS TC_002_CS TC_003_CS TC_004_1_CS TC_004_2_CS TC_068_CS TC_069_CS TC_005_1_CS TC_005_2_CS TC_005_3_CS
TC_007_CS TC_061_CS TC_010_CS TC_011_1_CS TC_011_2_CS TC_012_CS TC_013_CS TC_014_CS TC_015_CS TC_016_CS
TC_017_1_CS TC_017_2_CS TC_018_1_CS TC_018_2_CS TC_019_CS TC_021_CS TC_070_CS TC_071_CS TC_023_CS TC_024_CS
TC_026_CS TC_027_CS TC_028_CS TC_030_CS TC_031_CS TC_032_1_CS TC_032_2_CS TC_034_CS TC_036_CS TC_037_1_CS
TC_037_2_CS TC_037_3_CS TC_038_CS TC_039_CS TC_040_1_CS TC_040_2_CS TC_041_CS TC_042_1_CS TC_042_2_CS TC_043_CS
TC_043_1_CS TC_043_2_CS TC_043_3_CS TC_008_CS TC_044_1_CS TC_044_2_CS TC_044_3_CS TC_045_1_CS TC_045_2_CS
TC_046_1_CS TC_046_2_CS TC_047_CS TC_048_1_CS TC_048_2_CS TC_048_3_CS TC_048_4_CS TC_049_CS TC_050_1_CS
TC_050_2_CS TC_050_3_CS TC_050_4_CS TC_051_CS TC_052_CS TC_053_CS TC_054_CS TC_055_CS TC_056_CS TC_057_CS
TC_058_1_CS TC_058_2_CS TC_082_CS TC_066_CS TC_067_CS TC_072_CS TC_059_CS TC_060_CS TC_062_CS TC_073_CS
TC_074_CS TC_075_1_CS TC_075_2_CS TC_076_CS TC_077_CS TC_078_CS TC_079_CS TC_080_CS TC_081_CS TC_083_CS
TC_084_CS TC_085_CS TC_086_CS TC_087_CS
TC_001_CSMS TC_003_CSMS TC_004_1_CSMS TC_004_2_CSMS TC_005_1_CSMS TC_007_CSMS TC_061_CSMS TC_010_CSMS
TC_011_1_CSMS TC_011_2_CSMS TC_012_CSMS TC_013_CSMS TC_014_CSMS TC_017_1_CSMS TC_017_2_CSMS TC_018_1_CSMS
TC_019_1_CSMS TC_019_2_CSMS TC_021_CSMS TC_023_1_CSMS TC_023_2_CSMS TC_023_3_CSMS TC_024_CSMS TC_026_CSMS
TC_028_CSMS TC_030_CSMS TC_031_CSMS TC_032_1_CSMS TC_037_1_CSMS TC_037_3_CSMS TC_039_CSMS TC_040_1_CSMS
TC_040_2_CSMS TC_042_1_CSMS TC_042_2_CSMS TC_043_1_CSMS TC_043_3_CSMS TC_043_4_CSMS TC_043_5_CSMS TC_044_1_CSMS
TC_044_2_CSMS TC_044_3_CSMS TC_045_1_CSMS TC_045_2_CSMS TC_046_CSMS TC_047_CSMS TC_048_1_CSMS TC_048_2_CSMS
TC_048_3_CSMS TC_048_4_CSMS TC_049_CSMS TC_051_CSMS TC_052_CSMS TC_053_CSMS TC_054_CSMS TC_055_CSMS TC_056_CSMS
TC_057_CSMS TC_066_CSMS TC_067_CSMS TC_059_CSMS TC_064_CSMS TC_073_CSMS TC_074_CSMS TC_075_1_CSMS TC_075_2_CSMS
TC_076_CSMS TC_077_CSMS TC_078_CSMS TC_079_CSMS TC_080_CSMS TC_081_CSMS TC_085_CSMS TC_086_CSMS TC_087_CSMS
""".split())


def plan_order(ids: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    """`ids` in the document's order; the ones it lacks placed as the module docstring says."""
    from ..catalog import SPLIT, catalog

    entries = catalog()
    order = [i for i in DOCUMENT_ORDER if i in entries]
    for legacy, parts in SPLIT.items():
        if legacy in order:
            at = order.index(legacy) + 1
            order[at:at] = [p for p in parts if p not in order]
    rest = sorted((i for i in entries if i not in order), key=lambda i: entries[i].sort_key)
    for case_id in rest:
        key = entries[case_id].sort_key
        lower = [i for i in order if entries[i].sut_role is entries[case_id].sut_role and entries[i].sort_key < key]
        at = order.index(max(lower, key=lambda i: entries[i].sort_key)) + 1 if lower else len(order)
        order.insert(at, case_id)
    wanted = set(ids)
    return [i for i in order if i in wanted] + sorted(wanted - set(order))

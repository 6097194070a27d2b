"""Vietnamese names for the demo's people and shop signs."""

import random

FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
# Family names are far from evenly spread: about four in ten people are Nguyễn.
FAMILY_WEIGHTS = (38, 11, 9, 7, 5, 5, 4, 3, 3, 2, 2, 2, 2, 2, 1, 1)

MALE_GIVEN = (
    "Hùng",
    "Dũng",
    "Tuấn",
    "Minh",
    "Hải",
    "Long",
    "Nam",
    "Phúc",
    "Khang",
    "Thịnh",
    "Tài",
    "Quang",
    "Sơn",
    "Trung",
    "Vinh",
    "Đức",
    "Hiếu",
    "Thắng",
)
FEMALE_GIVEN = (
    "Lan",
    "Hoa",
    "Hạnh",
    "Thảo",
    "Nga",
    "Thủy",
    "Linh",
    "Trang",
    "Vy",
    "Ngọc",
    "Mai",
    "Yến",
    "Loan",
    "Hương",
    "Phương",
    "Hà",
)
MALE_MIDDLE = ("Văn", "Minh", "Quốc", "Thanh", "Hoàng", "Đức", "Hữu")
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ")

# Shop signs often carry a lucky two-word name, or the owner's place in the family.
SHOP_NAMES = (
    "Minh Châu",
    "Phúc An",
    "Thanh Tâm",
    "Hồng Phát",
    "Kim Ngân",
    "Bảo Ngọc",
    "Hoàng Long",
    "Thành Đạt",
    "Ngọc Lan",
    "Mỹ Linh",
    "Tấn Phát",
    "Hưng Thịnh",
    "Vạn Phúc",
    "Tân Tiến",
    "Phú Quý",
    "An Khang",
    "Gia Huy",
    "Thiên Ân",
    "Hải Yến",
    "Thu Hà",
    "Quốc Bảo",
    "Như Ý",
    "Kim Phượng",
    "Hòa Bình",
    "Tường Vy",
    "Song Long",
    "Đức Thịnh",
    "Lộc Phát",
    "Hạnh Phúc",
    "Thảo Nguyên",
    "Sao Mai",
    "Bình Minh",
    "Trung Nghĩa",
    "Tuấn Kiệt",
    "Khánh Linh",
    "Thùy Dương",
    "Phương Nam",
    "Ánh Dương",
    "Mai Anh",
    "Thái Sơn",
)
OWNER_TITLES = (
    "Cô Ba",
    "Chú Tư",
    "Bà Sáu",
    "Anh Hai",
    "Chị Năm",
    "Cô Út",
    "Dì Bảy",
    "Chú Tám",
    "Bà Chín",
    "Ông Mười",
)

# Sign patterns per channel; {name} is a shop name, {owner} an owner's title.
SIGN_PATTERNS = {
    "kiosk": ("Tạp hóa {owner}", "Ki-ốt {name}", "Quầy nước {owner}", "Tạp hóa {name}"),
    "grocery": (
        "Tạp hóa {name}",
        "Cửa hàng {name}",
        "Bách hóa {name}",
        "Tạp hóa {owner}",
    ),
    "convenience": ("Cửa hàng tiện lợi {name}", "{name} Mart", "Tiện lợi 24h {name}"),
    "cafe": ("Cà phê {name}", "Cafe {name}", "Cà phê vợt {owner}", "{name} Coffee"),
    "restaurant": (
        "Cơm tấm {owner}",
        "Phở {name}",
        "Bún bò {name}",
        "Quán ăn {name}",
        "Nhà hàng {name}",
        "Hủ tiếu {owner}",
    ),
    "bar": (
        "Quán nhậu {name}",
        "Bia {name}",
        "Lẩu nướng {name}",
        "Ốc {owner}",
        "{name} Beer Club",
    ),
    "supermarket": ("Siêu thị {name}", "Siêu thị mini {name}"),
    "wholesale": (
        "Đại lý {name}",
        "Đại lý nước giải khát {name}",
        "Đại lý bia nước ngọt {owner}",
    ),
    "other": (
        "Căn tin {name}",
        "Khách sạn {name}",
        "Nhà sách {name}",
        "Phòng tập {name}",
    ),
}


def person_name(rng: random.Random, female: bool) -> str:
    """A full name: family name, middle name, given name."""
    family = rng.choices(FAMILY_NAMES, weights=FAMILY_WEIGHTS)[0]
    if female:
        return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"

    return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"


def shop_sign(rng: random.Random, channel: str) -> str:
    """The name on an outlet's sign, in the style of its channel."""
    pattern = rng.choice(SIGN_PATTERNS[channel])
    return pattern.format(name=rng.choice(SHOP_NAMES), owner=rng.choice(OWNER_TITLES))

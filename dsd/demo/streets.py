"""Street stretches that the demo's outlets line, traced from Ho Chi Minh City.

Each stretch lies in one district and is drawn from the end nearer the city
centre, where house numbers start. Its weight is how many outlets a kilometre of
it holds next to a plain residential street (weight 1); its kind steers which
channels are found along it: main roads, quiet residential streets, market
streets, food streets and night-life streets.
"""

from dataclasses import dataclass

STREET_KINDS = ("main", "residential", "market", "food", "nightlife")


@dataclass(frozen=True)
class Street:
    """A stretch of street in one district, as (lon, lat) points."""

    name: str
    district: str
    kind: str
    weight: float
    points: tuple[tuple[float, float], ...]


# District / street / kind / weight, then the stretch's points as "lon lat".
_TABLE = """
Quận 1 / Lê Lợi / main / 3.0
    106.6983 10.7722, 106.7031 10.7767
Quận 1 / Nguyễn Huệ / food / 2.0
    106.7042 10.7737, 106.7009 10.7763
Quận 1 / Đồng Khởi / food / 2.0
    106.7040 10.7754, 106.6990 10.7797
Quận 1 / Hai Bà Trưng / main / 2.5
    106.7040 10.7765, 106.6960 10.7840, 106.6900 10.7890
Quận 1 / Nguyễn Thị Minh Khai / main / 2.5
    106.7020 10.7860, 106.6950 10.7800, 106.6880 10.7730, 106.6862 10.7672
Quận 1 / Trần Hưng Đạo / main / 2.0
    106.6985 10.7710, 106.6920 10.7648, 106.6880 10.7625
Quận 1 / Bùi Viện / nightlife / 5.0
    106.6965 10.7690, 106.6905 10.7658
Quận 1 / Nguyễn Trãi / main / 2.0
    106.6928 10.7702, 106.6872 10.7652
Quận 1 / Nam Kỳ Khởi Nghĩa / main / 2.0
    106.7005 10.7710, 106.6930 10.7780, 106.6875 10.7835
Quận 1 / Pasteur / food / 1.5
    106.6995 10.7738, 106.6925 10.7805
Quận 1 / Đinh Tiên Hoàng / market / 2.0
    106.7005 10.7838, 106.6985 10.7895
Quận 1 / Trần Quang Khải / market / 2.5
    106.6975 10.7880, 106.6905 10.7902

Quận 3 / Cách Mạng Tháng Tám / main / 2.0
    106.6940 10.7715, 106.6870 10.7760, 106.6790 10.7808
Quận 3 / Võ Thị Sáu / residential / 1.5
    106.6960 10.7880, 106.6900 10.7845, 106.6820 10.7800
Quận 3 / Lý Chính Thắng / residential / 1.5
    106.6915 10.7878, 106.6800 10.7850
Quận 3 / Nguyễn Đình Chiểu / food / 2.0
    106.6960 10.7832, 106.6900 10.7780, 106.6820 10.7722
Quận 3 / Nguyễn Thiện Thuật / market / 2.5
    106.6822 10.7692, 106.6805 10.7745
Quận 3 / Trần Quốc Thảo / residential / 1.2
    106.6845 10.7812, 106.6862 10.7870
Quận 3 / Lê Văn Sỹ / residential / 1.5
    106.6850 10.7862, 106.6800 10.7878

Quận Bình Thạnh / Xô Viết Nghệ Tĩnh / main / 2.0
    106.7070 10.7950, 106.7115 10.8015, 106.7132 10.8120, 106.7110 10.8220
Quận Bình Thạnh / Bạch Đằng / main / 2.0
    106.7108 10.8022, 106.7040 10.8026, 106.6992 10.8032
Quận Bình Thạnh / Điện Biên Phủ / main / 1.8
    106.7055 10.7975, 106.7110 10.8008, 106.7150 10.8005
Quận Bình Thạnh / Nơ Trang Long / residential / 1.5
    106.6995 10.8042, 106.7002 10.8150, 106.7010 10.8230
Quận Bình Thạnh / Đinh Bộ Lĩnh / market / 1.8
    106.7088 10.8035, 106.7098 10.8160
Quận Bình Thạnh / Chu Văn An / residential / 1.2
    106.7000 10.8100, 106.7085 10.8100
Quận Bình Thạnh / Nguyễn Xí / residential / 1.0
    106.7048 10.8120, 106.7058 10.8225
Quận Bình Thạnh / Lê Quang Định / market / 1.5
    106.6985 10.8040, 106.6975 10.8180

Quận Phú Nhuận / Phan Xích Long / nightlife / 3.0
    106.6905 10.7990, 106.6840 10.7996
Quận Phú Nhuận / Nguyễn Văn Trỗi / main / 2.0
    106.6842 10.7925, 106.6780 10.7988
Quận Phú Nhuận / Phan Đình Phùng / market / 2.0
    106.6868 10.7945, 106.6825 10.7990, 106.6805 10.8010
Quận Phú Nhuận / Phan Đăng Lưu / main / 1.5
    106.6910 10.8025, 106.6850 10.8012
Quận Phú Nhuận / Hoàng Văn Thụ / main / 1.5
    106.6778 10.7996, 106.6732 10.7998
Quận Phú Nhuận / Huỳnh Văn Bánh / residential / 1.5
    106.6860 10.7935, 106.6760 10.7925

Quận Gò Vấp / Nguyễn Kiệm / main / 2.0
    106.6785 10.8020, 106.6790 10.8095, 106.6788 10.8200, 106.6785 10.8262
Quận Gò Vấp / Quang Trung / main / 2.0
    106.6785 10.8270, 106.6710 10.8312, 106.6620 10.8365, 106.6540 10.8420
Quận Gò Vấp / Nguyễn Oanh / market / 1.5
    106.6790 10.8280, 106.6782 10.8400, 106.6776 10.8500
Quận Gò Vấp / Nguyễn Văn Nghi / market / 1.5
    106.6795 10.8255, 106.6880 10.8205
Quận Gò Vấp / Phan Văn Trị / residential / 1.5
    106.6930 10.8180, 106.6880 10.8280, 106.6840 10.8380
Quận Gò Vấp / Lê Đức Thọ / residential / 1.5
    106.6700 10.8330, 106.6680 10.8480
Quận Gò Vấp / Thống Nhất / residential / 1.5
    106.6640 10.8375, 106.6620 10.8470
Quận Gò Vấp / Phạm Văn Chiêu / residential / 1.2
    106.6560 10.8450, 106.6660 10.8510
Quận Gò Vấp / Nguyễn Văn Lượng / residential / 1.2
    106.6760 10.8330, 106.6725 10.8440

Quận 10 / Ba Tháng Hai / main / 2.5
    106.6755 10.7765, 106.6700 10.7722, 106.6600 10.7670
Quận 10 / Sư Vạn Hạnh / food / 1.8
    106.6702 10.7748, 106.6692 10.7640
Quận 10 / Nguyễn Tri Phương / market / 2.0
    106.6678 10.7748, 106.6682 10.7625
Quận 10 / Thành Thái / residential / 1.2
    106.6640 10.7745, 106.6632 10.7655
Quận 10 / Cách Mạng Tháng Tám / main / 1.8
    106.6745 10.7835, 106.6662 10.7874

Quận 5 / Trần Hưng Đạo / main / 2.0
    106.6830 10.7590, 106.6700 10.7548, 106.6600 10.7525
Quận 5 / Nguyễn Trãi / main / 2.5
    106.6835 10.7625, 106.6750 10.7582, 106.6650 10.7557, 106.6560 10.7542
Quận 5 / An Dương Vương / market / 1.5
    106.6800 10.7608, 106.6720 10.7580, 106.6645 10.7572
Quận 5 / Châu Văn Liêm / market / 2.5
    106.6582 10.7572, 106.6580 10.7522
Quận 5 / Hồng Bàng / market / 1.5
    106.6620 10.7565, 106.6522 10.7552

Quận 11 / Lạc Long Quân / residential / 1.5
    106.6440 10.7625, 106.6460 10.7750, 106.6478 10.7855
Quận 11 / Ba Tháng Hai / main / 2.0
    106.6600 10.7670, 106.6470 10.7627
Quận 11 / Lãnh Binh Thăng / residential / 1.2
    106.6560 10.7645, 106.6470 10.7685
Quận 11 / Lý Thường Kiệt / main / 1.5
    106.6578 10.7705, 106.6598 10.7585

Quận Tân Bình / Cách Mạng Tháng Tám / main / 1.8
    106.6662 10.7874, 106.6532 10.7932
Quận Tân Bình / Cộng Hòa / main / 2.0
    106.6598 10.8010, 106.6500 10.8015, 106.6400 10.8008
Quận Tân Bình / Trường Chinh / main / 1.5
    106.6530 10.7938, 106.6450 10.7982, 106.6385 10.8005
Quận Tân Bình / Lý Thường Kiệt / market / 1.8
    106.6532 10.7930, 106.6560 10.7800, 106.6578 10.7705
Quận Tân Bình / Hoàng Văn Thụ / main / 1.5
    106.6702 10.7995, 106.6610 10.8000, 106.6560 10.7960
Quận Tân Bình / Phạm Văn Hai / market / 2.5
    106.6645 10.7932, 106.6585 10.7905
Quận Tân Bình / Lạc Long Quân / residential / 1.2
    106.6478 10.7855, 106.6492 10.7950

Quận 4 / Hoàng Diệu / main / 2.0
    106.7010 10.7628, 106.6995 10.7568
Quận 4 / Vĩnh Khánh / nightlife / 3.5
    106.7028 10.7612, 106.7042 10.7572
Quận 4 / Tôn Đản / market / 2.0
    106.7045 10.7605, 106.7040 10.7552
Quận 4 / Đoàn Văn Bơ / residential / 1.5
    106.6978 10.7592, 106.7040 10.7600

Quận 7 / Nguyễn Thị Thập / main / 2.0
    106.7000 10.7385, 106.7100 10.7390, 106.7200 10.7385, 106.7285 10.7385
Quận 7 / Huỳnh Tấn Phát / market / 1.8
    106.7268 10.7488, 106.7285 10.7400, 106.7298 10.7300
Quận 7 / Nguyễn Văn Linh / main / 0.8
    106.6960 10.7300, 106.7100 10.7290, 106.7250 10.7282
Quận 7 / Nguyễn Hữu Thọ / main / 1.2
    106.7005 10.7485, 106.7000 10.7380, 106.6995 10.7250
Quận 7 / Lâm Văn Bền / residential / 1.5
    106.7170 10.7490, 106.7175 10.7390
Quận 7 / Tân Mỹ / market / 1.8
    106.7195 10.7392, 106.7195 10.7305
Quận 7 / Nguyễn Đức Cảnh / food / 2.0
    106.7140 10.7262, 106.7212 10.7250
Quận 7 / Tôn Dật Tiên / food / 1.5
    106.7182 10.7300, 106.7200 10.7205

Quận 8 / Phạm Thế Hiển / main / 1.5
    106.6880 10.7462, 106.6750 10.7422, 106.6600 10.7380, 106.6460 10.7335
Quận 8 / Tạ Quang Bửu / residential / 1.5
    106.6820 10.7400, 106.6680 10.7350, 106.6550 10.7312
Quận 8 / Dương Bá Trạc / market / 1.5
    106.6900 10.7478, 106.6895 10.7400
Quận 8 / Âu Dương Lân / residential / 1.0
    106.6860 10.7480, 106.6830 10.7420
Quận 8 / Phạm Hùng / main / 1.0
    106.6780 10.7420, 106.6770 10.7300
"""


def _parse(table: str) -> tuple[Street, ...]:
    streets: list[Street] = []
    for line in table.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            district, name, kind, weight = (part.strip() for part in line.split("/"))
            if kind not in STREET_KINDS:
                raise ValueError(f"street {name} in {district}: unknown kind {kind}")
            streets.append(Street(name, district, kind, float(weight), ()))
            continue

        pairs = (pair.split() for pair in line.split(","))
        points = tuple((float(lon), float(lat)) for lon, lat in pairs)
        last = streets[-1]
        streets[-1] = Street(
            last.name, last.district, last.kind, last.weight, last.points + points
        )

    return tuple(streets)


STREETS = _parse(_TABLE)

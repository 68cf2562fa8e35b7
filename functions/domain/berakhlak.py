"""The seven BerAKHLAK core values (SE MenPANRB 20/2021), the axes of perilaku kerja."""

BERAKHLAK: tuple[str, ...] = (
    "berorientasi_pelayanan",
    "akuntabel",
    "kompeten",
    "harmonis",
    "loyal",
    "adaptif",
    "kolaboratif",
)

"""How far apart two label colours look, and which text stays readable on one.

A label is told by its fill before its name is read, so the default colours
must differ to the eye (CIEDE2000 over CIELAB), also for the commonest colour
vision deficiencies (Machado, Oliveira and Fernandes 2009, full severity), and
text over every fill must reach WCAG's 4.5:1 contrast.
"""

from __future__ import annotations

import math

BLACK_TEXT = "#111111"
WHITE_TEXT = "#ffffff"
READABLE_CONTRAST = 4.5  # WCAG 2 AA for body text

Rgb = tuple[float, float, float]  # linear-light sRGB, 0..1

# Machado et al. (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES: dict[str, tuple[Rgb, Rgb, Rgb]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _channel(value: int) -> float:
    srgb = value / 255.0
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def linear_rgb(colour: str) -> Rgb:
    """`#rrggbb` as linear-light components."""
    return (
        _channel(int(colour[1:3], 16)),
        _channel(int(colour[3:5], 16)),
        _channel(int(colour[5:7], 16)),
    )


def relative_luminance(colour: str) -> float:
    red, green, blue = linear_rgb(colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_for(fill: str) -> str:
    """Near-black or white, whichever reads better on `fill`."""
    if contrast_ratio(fill, BLACK_TEXT) >= contrast_ratio(fill, WHITE_TEXT):
        return BLACK_TEXT
    return WHITE_TEXT


def best_contrast(fill: str) -> float:
    return contrast_ratio(fill, text_colour_for(fill))


def simulate(colour: str, deficiency: str) -> Rgb:
    """The linear RGB a person with `deficiency` sees for `colour`."""
    matrix = DEFICIENCIES[deficiency]
    rgb = linear_rgb(colour)
    return tuple(  # type: ignore[return-value]
        min(1.0, max(0.0, sum(weight * part for weight, part in zip(row, rgb, strict=True))))
        for row in matrix
    )


def lab(rgb: Rgb) -> tuple[float, float, float]:
    """CIELAB (D65) of a linear RGB colour."""
    red, green, blue = rgb
    x = (0.4124564 * red + 0.3575761 * green + 0.1804375 * blue) / 0.95047
    y = 0.2126729 * red + 0.7151522 * green + 0.0721750 * blue
    z = (0.0193339 * red + 0.1191920 * green + 0.9503041 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005); about 2.3 is just noticeable."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    delta_l = l2 - l1
    delta_c = c2p - c1p
    if c1p * c2p == 0:
        delta_h_angle = 0.0
    elif abs(h2p - h1p) <= 180:
        delta_h_angle = h2p - h1p
    elif h2p - h1p > 180:
        delta_h_angle = h2p - h1p - 360
    else:
        delta_h_angle = h2p - h1p + 360
    delta_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(delta_h_angle) / 2)
    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    delta_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    r_t = -math.sin(math.radians(2 * delta_theta)) * r_c
    return math.sqrt(
        (delta_l / s_l) ** 2
        + (delta_c / s_c) ** 2
        + (delta_h / s_h) ** 2
        + r_t * (delta_c / s_c) * (delta_h / s_h)
    )


def colour_difference(first: str, second: str, deficiency: str | None = None) -> float:
    """CIEDE2000 between two `#rrggbb` colours, as seen with `deficiency` (None: typical vision)."""
    if deficiency is None:
        return ciede2000(lab(linear_rgb(first)), lab(linear_rgb(second)))
    return ciede2000(lab(simulate(first, deficiency)), lab(simulate(second, deficiency)))

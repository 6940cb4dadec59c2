// The dashboard's colours: the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), which stays
// distinguishable with the common colour-vision deficiencies. Its black is replaced by a light grey on the dark
// background. One home: every chart line, cell and legend takes its colour from here.
#pragma once

#include <imgui.h>

namespace gui::palette {

inline constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);
inline constexpr ImU32 kSkyBlue = IM_COL32(86, 180, 233, 255);
inline constexpr ImU32 kBluishGreen = IM_COL32(0, 158, 115, 255);
inline constexpr ImU32 kYellow = IM_COL32(240, 228, 66, 255);
inline constexpr ImU32 kBlue = IM_COL32(0, 114, 178, 255);
inline constexpr ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
inline constexpr ImU32 kReddishPurple = IM_COL32(204, 121, 167, 255);
inline constexpr ImU32 kGrey = IM_COL32(200, 200, 200, 255);
inline constexpr ImU32 kDim = IM_COL32(70, 70, 78, 255);  // retired, reclaimed: out of the picture

// Text colours for the event log, the verdict and highlighted rows (the same hues).
inline ImVec4 text(ImU32 c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

}  // namespace gui::palette

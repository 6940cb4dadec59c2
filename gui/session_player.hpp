// An exported session as an animated, self-contained web page (session-player.html): the dashboard's charts, event
// log and changes replayed with play/pause and a time slider, for learners without the native build. Everything is
// inline (data, script, styles): no script from the network, it opens offline from the file system.
#pragma once

#include <string>

#include "gui/session.hpp"

namespace gui {

std::string session_player_html(const Session& s);

}  // namespace gui

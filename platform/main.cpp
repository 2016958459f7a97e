// touchpoint: the kiosk and store-terminal executable. See `touchpoint --help`.
#include "kiosk_main.hpp"

int main(int argc, char** argv) { return tp::kiosk::kiosk_main(argc, argv); }

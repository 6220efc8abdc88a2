"""Another X client holding a key combination, as a video-call app or desktop would.

Usage: python grab_holder.py KEYSYM MODMASK  -- prints "held" once the grab is in place,
then keeps it until stdin closes.
"""

import sys

from Xlib import XK, X, display


def main() -> None:
    keysym, mods = sys.argv[1], int(sys.argv[2])
    d = display.Display()
    root = d.screen().root
    keycode = d.keysym_to_keycode(XK.string_to_keysym(keysym))
    for extra in (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask):
        root.grab_key(keycode, mods | extra, True, X.GrabModeAsync, X.GrabModeAsync)
    d.sync()
    print("held", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()

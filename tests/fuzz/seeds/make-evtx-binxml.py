#!/usr/bin/python3
"""Writes tests/fuzz/seeds/evtx_binxml.txt: one EVTX record (as placed at
chunk offset 512 by tests/fuzz/fuzz_evtx_binxml.c) holding a template
instance with an inline definition, written after the documented layout."""
import struct, sys
out = bytearray()
def u8(v): out.append(v & 0xff)
def u16(v): out.extend(struct.pack('<H', v))
def u32(v): out.extend(struct.pack('<I', v))
def pos(): return 512 + len(out)
def name(s):
    h = 0
    for ch in s:
        h = (h * 65599 + ord(ch)) & 0xffffffff
    u32(pos() + 4); u32(0); u16(h & 0xffff); u16(len(s))
    out.extend(s.encode('utf-16-le')); u16(0)
def open_el(n, attrs):
    u8(0x41 if attrs else 0x01); u16(0xffff); u32(0); name(n)
    if attrs: u32(0)
out.extend(b'**\0\0'); u32(0); u32(7); u32(0); u32(0xd53e8000); u32(0x01d1a0b0)
out.extend(b'\x0f\x01\x01\x00')
u8(0x0c); u8(1); u32(0x1234); u32(pos() + 4); u32(0); out.extend(bytes(range(16)))
dsize_at = len(out); u32(0); body = len(out)
out.extend(b'\x0f\x01\x01\x00')
open_el('Event', True)
u8(0x06); name('Id'); u8(0x0d); u16(0); u8(0x08)
u8(0x02)
open_el('Data', False); u8(0x02); u8(0x0d); u16(1); u8(0x01); u8(0x04)
open_el('List', False); u8(0x02); u8(0x0d); u16(2); u8(0x81); u8(0x04)
u8(0x04); u8(0x00)
struct.pack_into('<I', out, dsize_at, len(out) - body)
u32(3); u16(4); u8(0x08); u8(0); u16(6); u8(0x01); u8(0); u16(8); u8(0x81); u8(0)
u32(4624); out.extend('a<b'.encode('utf-16-le')); out.extend('x\0y\0'.encode('utf-16-le'))
u8(0)
while (len(out) + 4) % 8: u8(0)
u32(len(out) + 4)
struct.pack_into('<I', out, 4, len(out))
sys.stdout.buffer.write(out)

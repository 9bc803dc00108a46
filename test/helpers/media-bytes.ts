/** Small byte buffers that carry the signatures of WeChat's media formats (the emulator sniffs them). */
const pad = (head: Buffer, size: number) =>
  Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 7)]);

export const mediaBytes = {
  jpg: (size = 64) => pad(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), size),
  png: (size = 64) => pad(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), size),
  amr: (size = 64) => pad(Buffer.from('#!AMR\n', 'latin1'), size),
  mp3: (size = 64) => pad(Buffer.from('ID3', 'latin1'), size),
  mp4: (size = 64) => pad(Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]), size),
};

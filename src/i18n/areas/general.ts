// Words used by many commands: files that are not there, ranges of numbers.
import { defineArea } from '../area.js';

export const general = defineArea(
  {
    'general.noSuchFile': (file: string) => `${file}: no such file`,
  },
  {
    'general.noSuchFile': (file: string) => `${file}: нет такого файла`,
  },
);

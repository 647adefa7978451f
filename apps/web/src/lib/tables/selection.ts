/** A cell of the grid by its position in the shown rows and columns (0-based). */
export interface CellPos {
  row: number;
  col: number;
}

/** A rectangular selection: `anchor` is where it started, `focus` the active cell. */
export interface Selection {
  anchor: CellPos;
  focus: CellPos;
}

/** How many rows and columns the grid shows. */
export interface Bounds {
  rows: number;
  cols: number;
}

/** Inclusive edges of a selection. */
export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function clampPos(p: CellPos, b: Bounds): CellPos {
  return {
    row: Math.max(0, Math.min(p.row, b.rows - 1)),
    col: Math.max(0, Math.min(p.col, b.cols - 1)),
  };
}

/** A selection of one cell. */
export function single(row: number, col: number): Selection {
  return { anchor: { row, col }, focus: { row, col } };
}

export function rangeOf(s: Selection): Range {
  return {
    top: Math.min(s.anchor.row, s.focus.row),
    bottom: Math.max(s.anchor.row, s.focus.row),
    left: Math.min(s.anchor.col, s.focus.col),
    right: Math.max(s.anchor.col, s.focus.col),
  };
}

export function contains(s: Selection, row: number, col: number): boolean {
  const r = rangeOf(s);
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

export function isSingle(s: Selection): boolean {
  return s.anchor.row === s.focus.row && s.anchor.col === s.focus.col;
}

/** Keep a selection inside the grid after rows or columns went away. */
export function clamp(s: Selection, b: Bounds): Selection {
  if (b.rows === 0 || b.cols === 0) return single(0, 0);
  return { anchor: clampPos(s.anchor, b), focus: clampPos(s.focus, b) };
}

/**
 * Arrow keys: move the active cell by (dRow, dCol), staying inside the grid. With `extend`
 * (Shift) the anchor stays and the range grows or shrinks; otherwise the selection collapses to
 * the new cell. With `jump` (Ctrl/Cmd) it goes to the edge in that direction.
 */
export function move(
  s: Selection,
  dRow: number,
  dCol: number,
  b: Bounds,
  opts: { extend?: boolean; jump?: boolean } = {},
): Selection {
  if (b.rows === 0 || b.cols === 0) return s;
  const target = opts.jump
    ? {
        row: dRow < 0 ? 0 : dRow > 0 ? b.rows - 1 : s.focus.row,
        col: dCol < 0 ? 0 : dCol > 0 ? b.cols - 1 : s.focus.col,
      }
    : { row: s.focus.row + dRow, col: s.focus.col + dCol };
  const focus = clampPos(target, b);
  return opts.extend ? { anchor: s.anchor, focus } : { anchor: focus, focus };
}

/**
 * Tab / Shift+Tab: the next cell to the right (left), wrapping to the next (previous) row. At the
 * very end the selection stays where it is.
 */
export function tab(s: Selection, b: Bounds, back = false): Selection {
  if (b.rows === 0 || b.cols === 0) return s;
  let { row, col } = s.focus;
  col += back ? -1 : 1;
  if (col >= b.cols) {
    if (row + 1 >= b.rows) return single(row, b.cols - 1);
    row += 1;
    col = 0;
  } else if (col < 0) {
    if (row === 0) return single(0, 0);
    row -= 1;
    col = b.cols - 1;
  }
  return single(row, col);
}

/** Select a whole row range across every column (clicking row numbers). */
export function rows(from: number, to: number, b: Bounds): Selection {
  return { anchor: { row: from, col: 0 }, focus: { row: to, col: Math.max(0, b.cols - 1) } };
}

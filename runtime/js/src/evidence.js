// Evidence a monitor keeps per sender: the MAX_EVIDENCE riskiest flagged messages (a port of runtime/evidence.py's
// add_evidence), shared by the monitor and its saved state (saved.js).

export const MAX_EVIDENCE = 5;

/**
 * Keeps message `index` among the MAX_EVIDENCE riskiest of `evidence` (an array of [risk, index], changed in place);
 * returns true when it is kept, false when it is the one dropped because the MAX_EVIDENCE already kept are all
 * riskier. Of equal risks the earliest is dropped, as Python's SenderEvidence.add_evidence (runtime/evidence.py).
 */
export function addEvidence(evidence, risk, index) {
  evidence.push([risk, index]);
  if (evidence.length <= MAX_EVIDENCE) return true;
  let lowest = 0; // the lowest (risk, index), as Python's min() over tuples
  evidence.forEach(([r, i], j) => {
    const [lr, li] = evidence[lowest];
    if (r < lr || (r === lr && i < li)) lowest = j;
  });
  evidence.splice(lowest, 1);
  return lowest !== evidence.length; // the new message was the last one pushed: kept unless it was dropped
}

/**
 * English words that say nothing about which news an item reports: function words, and the words
 * news headlines use for every story ("report", "says", "today"). Only English items drop them (the
 * feeds are mostly English); other languages keep every word and lean on the stream's term weights.
 * Words are as the tokenizer leaves them: lower case, apostrophes removed.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although am among an and any are aren arent around as at
  be became because been before being below between both but by can cannot cant could couldn did didn didnt do does
  doesn doesnt doing don dont down during each either else even ever every few for from further get gets getting
  got had hadn hadnt has hasn hasnt have haven havent having he hed hell her here heres hers herself hes him himself
  his how hows however i id if ill im in into is isn isnt it its itself ive just let lets like made make makes
  many may me might more most much must my myself need needs no nor not now of off often on once one only or other
  others our ours ourselves out over own per quite rather really same say says said see seen shall she shes should
  shouldn shouldnt since so some still such than that thats the their theirs them themselves then there theres these
  they theyd theyll theyre theyve this those though through thus to too toward towards under until up upon us use used
  using very via want wants was wasn wasnt way we wed well were weren werent weve what whats when whens where wheres
  whether which while who whom whos whose why whys will with within without won wont would wouldn wouldnt yet you
  youd youll your youre yours yourself yourselves youve
  amid according report reports reported reportedly news today time new latest
  here heres first next last back going know look looks take takes
  monday tuesday wednesday thursday friday saturday sunday`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

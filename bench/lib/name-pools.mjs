// Name material for the synthetic sanctions list and the customers screened against it. All
// common names or made-up syllables: no entry of any real list is reproduced.

/** Given names and surnames of the cultures sanctions lists are heavy with, plus syllables to make rarer surnames. */
export const LIST_CULTURES = {
  arabic: {
    weight: 0.28,
    given: ['muhammad', 'ahmad', 'ali', 'hassan', 'hussein', 'omar', 'khalid', 'abdullah', 'ibrahim', 'yusuf', 'mustafa', 'mahmoud', 'salim', 'faisal', 'tariq', 'walid', 'nasser', 'jamal', 'karim', 'said', 'hamza', 'bilal', 'anwar', 'rashid', 'samir', 'adel', 'nabil', 'ziad', 'majid', 'fadi', 'abd al rahman', 'abd al aziz', 'abd al karim', 'ismail', 'suleiman', 'zakariya', 'idris', 'marwan', 'qasim', 'haitham', 'amir', 'yasin', 'jabir', 'mansur', 'fawzi', 'hisham', 'imad', 'ghassan', 'usama', 'ayman'],
    family: ['al masri', 'al tikriti', 'al hashimi', 'al zahrani', 'al qahtani', 'al shammari', 'al dulaimi', 'al jaburi', 'al ansari', 'al harbi', 'haddad', 'khoury', 'nasrallah', 'al tamimi', 'al rubaie', 'al obeidi', 'al khatib', 'saleh', 'al amri', 'al awlaki', 'mansour', 'al baghdadi', 'al halabi', 'darwish', 'al najjar', 'barakat', 'al hakim', 'al sadr', 'al janabi', 'qureshi'],
    syllables: { start: ['al ', 'al ', 'bin ', ''], roots: ['zub', 'qar', 'mah', 'jaz', 'sal', 'rab', 'haw', 'fal', 'sha', 'dab', 'kur', 'mut', 'naj', 'tar', 'wak', 'ghaz'], ends: ['ayri', 'ani', 'ousi', 'idi', 'awi', 'aji', 'ari', 'uni', 'ash', 'im'] },
    countries: ['SY', 'IQ', 'YE', 'LB', 'SA', 'AE', 'LY', 'SD', 'JO', 'EG'],
  },
  russian: {
    weight: 0.2,
    given: ['vladimir', 'sergei', 'alexei', 'dmitry', 'igor', 'oleg', 'yuri', 'andrei', 'mikhail', 'nikolai', 'viktor', 'pavel', 'gennady', 'boris', 'arkady', 'konstantin', 'roman', 'anatoly', 'yevgeny', 'vyacheslav', 'stanislav', 'timur', 'ruslan', 'vadim', 'maxim', 'kirill', 'leonid', 'grigory', 'valentin', 'fyodor', 'elena', 'olga', 'tatyana', 'natalya', 'svetlana', 'irina', 'yulia', 'anastasia'],
    family: ['ivanov', 'petrov', 'sokolov', 'volkov', 'kuznetsov', 'morozov', 'novikov', 'fedorov', 'lebedev', 'kozlov', 'orlov', 'zaitsev', 'pavlenko', 'shevchenko', 'bondarenko', 'kovalchuk', 'melnikov', 'yakovlev', 'gromov', 'belov'],
    syllables: { start: [''], roots: ['zhur', 'krav', 'tsyg', 'shch', 'grib', 'vorob', 'khrust', 'dubr', 'lisits', 'chern', 'pogreb', 'ryab', 'solnts', 'kamysh', 'yarosl', 'bursh', 'gorch', 'kholod', 'zem', 'tikh'], ends: ['ov', 'ev', 'in', 'enko', 'sky', 'ovsky', 'ykh', 'uk', 'ich', 'kin'] },
    countries: ['RU', 'BY', 'UA', 'KZ', 'CY'],
  },
  persian: {
    weight: 0.08,
    given: ['reza', 'hossein', 'mehdi', 'mohsen', 'javad', 'saeed', 'ali reza', 'hamid', 'majid', 'davoud', 'farhad', 'behrouz', 'kamran', 'parviz', 'abbas', 'morteza', 'masoud', 'nader'],
    family: ['hosseini', 'rahimi', 'ahmadi', 'moradi', 'karimzadeh', 'rezaei', 'jafari', 'sadeghi', 'ghorbani', 'tehrani', 'shirazi', 'esfahani', 'najafi', 'kazemi', 'mousavi'],
    syllables: { start: [''], roots: ['bagh', 'ghol', 'khaz', 'dast', 'sheyr', 'farr', 'nour', 'zand', 'mirz', 'kash'], ends: ['zadeh', 'pour', 'i', 'ian', 'nejad', 'abadi'] },
    countries: ['IR'],
  },
  eastAsian: {
    weight: 0.1,
    given: ['wei', 'jian', 'ming', 'hui', 'xiaoping', 'jun', 'hong', 'lei', 'yong', 'jie', 'chol', 'song il', 'myong', 'kwang', 'yong ho', 'jin', 'hyon', 'guang'],
    family: ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'kim', 'pak', 'ri', 'choe', 'jong', 'han'],
    syllables: { start: [''], roots: ['xian', 'zheng', 'qiao', 'shuang', 'tian', 'jiang', 'feng', 'kang', 'long', 'hai'], ends: ['', 'g', 'lin', 'hua'] },
    countries: ['CN', 'KP', 'HK', 'SG', 'MY'],
  },
  hispanic: {
    weight: 0.08,
    given: ['jose', 'juan', 'carlos', 'luis', 'miguel', 'jorge', 'pedro', 'rafael', 'fernando', 'alejandro', 'ricardo', 'hector', 'maria', 'ana', 'rosa', 'diego', 'ramon', 'joaquin', 'ovidio', 'ismael'],
    family: ['garcia', 'rodriguez', 'martinez', 'lopez', 'gonzalez', 'hernandez', 'perez', 'sanchez', 'ramirez', 'torres', 'flores', 'rivera', 'gomez', 'diaz', 'cabello', 'guzman', 'zambada', 'arellano', 'felix', 'carrillo'],
    syllables: { start: [''], roots: ['quint', 'barr', 'echev', 'villa', 'urib', 'salc', 'cald', 'maldon', 'arrie', 'bust'], ends: ['ero', 'ada', 'arria', 'ez', 'illo', 'ona', 'ado'] },
    countries: ['MX', 'CO', 'VE', 'PA', 'NI'],
  },
  southAsian: {
    weight: 0.08,
    given: ['mohammad', 'abdul', 'rahim', 'imran', 'asif', 'sajid', 'tariq', 'zahid', 'hafiz', 'masood', 'dawood', 'ilyas', 'shahid', 'nasir', 'rajesh', 'ravi', 'ramesh'],
    family: ['khan', 'ahmed', 'saeed', 'azhar', 'lakhvi', 'ibrahim', 'chaudhry', 'malik', 'hussain', 'iqbal', 'rehman', 'siddiqui', 'butt', 'sheikh'],
    syllables: { start: [''], roots: ['kash', 'zard', 'mir', 'bhat', 'gill', 'wani', 'rath', 'lodh', 'jamr', 'baloch'], ends: ['i', 'ani', 'wala', 'zai', ''] },
    countries: ['PK', 'AF', 'IN', 'BD'],
  },
  african: {
    weight: 0.08,
    given: ['joseph', 'emmanuel', 'jean pierre', 'moussa', 'abdoulaye', 'ibrahima', 'bosco', 'laurent', 'innocent', 'augustin', 'samuel', 'kwame', 'obinna', 'tshisekedi', 'gaston'],
    family: ['kabila', 'ntaganda', 'mudacumura', 'koroma', 'traore', 'diallo', 'toure', 'mbeki', 'okonkwo', 'mugabe', 'kony', 'bemba', 'nkurunziza', 'ndayishimiye'],
    syllables: { start: [''], roots: ['mbu', 'nga', 'kibw', 'tshi', 'ruz', 'kaba', 'ndi', 'mwa', 'sese', 'bok'], ends: ['ye', 'mana', 'nda', 'ngo', 'imana', 'ka'] },
    countries: ['CD', 'SS', 'SO', 'CF', 'ZW', 'ML', 'LY'],
  },
  european: {
    weight: 0.1,
    given: ['john', 'michael', 'david', 'robert', 'peter', 'thomas', 'hans', 'klaus', 'pierre', 'jean', 'marco', 'giovanni', 'stefan', 'milan', 'dragan', 'zoran', 'goran', 'nikola', 'andreas', 'viktor'],
    family: ['smith', 'brown', 'mueller', 'schmidt', 'dubois', 'rossi', 'bianchi', 'novak', 'horvat', 'jovanovic', 'petrovic', 'nikolic', 'kovacs', 'nagy', 'papadopoulos'],
    syllables: { start: [''], roots: ['brank', 'mlad', 'stoj', 'vuk', 'draz', 'kark', 'lukash', 'milos', 'radov', 'zel'], ends: ['ovic', 'ic', 'escu', 'enko', 'ov'] },
    countries: ['RS', 'BA', 'GB', 'DE', 'CY', 'MD', 'TR'],
  },
};

/** Words of company names, the industries they name, and their legal suffixes. */
export const ORGANIZATION = {
  words: ['golden', 'crescent', 'star', 'global', 'eastern', 'northern', 'united', 'royal', 'new', 'silk road', 'pacific', 'atlas', 'orient', 'horizon', 'delta', 'alpha', 'phoenix', 'sever', 'vostok', 'yug', 'baltic', 'caspian', 'nile', 'sahara', 'al noor', 'al amal', 'al huda', 'dar', 'zagros', 'arvand', 'kunlun', 'taedong', 'pyongyang', 'andes', 'sierra', 'blue harbor', 'red sea', 'black sea', 'gulf', 'emerald'],
  industries: ['trading', 'shipping', 'petroleum', 'oil', 'gas', 'energy', 'exchange', 'investment', 'invest', 'industries', 'engineering', 'logistics', 'metals', 'mining', 'bank', 'finance', 'maritime', 'aviation', 'electronics', 'chemicals', 'construction', 'development', 'technologies', 'foods', 'import export', 'general trading', 'money exchange', 'charitable foundation', 'neftegaz', 'stroy', 'prom'],
  suffixes: ['llc', 'ltd', 'limited', 'co', 'company', 'inc', 'corp', 'jsc', 'ooo', 'pjsc', 'gmbh', 'sa', 'fze', 'pte ltd', 'sdn bhd', 'sarl', ''],
  brandSyllables: { starts: ['tekh', 'neft', 'ros', 'zar', 'kam', 'pet', 'shar', 'mar', 'bel', 'tab', 'kor', 'sin', 'vol', 'ist', 'dal'], ends: ['prom', 'neft', 'invest', 'trans', 'servis', 'tech', 'kom', 'gaz', 'bank', 'flot', 'ex', 'ko'] },
};

/** Common names of the people a KYC service onboards (not sanctioned), by where they are common. */
export const CUSTOMER_CULTURES = {
  us: {
    weight: 0.3,
    given: ['james', 'mary', 'robert', 'patricia', 'john', 'jennifer', 'michael', 'linda', 'david', 'elizabeth', 'william', 'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'christopher', 'karen', 'daniel', 'lisa', 'matthew', 'nancy', 'anthony', 'betty', 'mark', 'sandra', 'steven', 'ashley', 'paul', 'emily', 'andrew', 'donna', 'joshua', 'michelle', 'kevin', 'amanda', 'brian', 'melissa', 'george', 'stephanie', 'timothy', 'rebecca', 'ronald', 'laura', 'jason', 'sharon', 'ryan', 'cynthia'],
    family: ['smith', 'johnson', 'williams', 'brown', 'jones', 'miller', 'davis', 'wilson', 'anderson', 'taylor', 'thomas', 'moore', 'jackson', 'martin', 'lee', 'thompson', 'white', 'harris', 'clark', 'lewis', 'robinson', 'walker', 'young', 'allen', 'king', 'wright', 'scott', 'hill', 'green', 'adams', 'baker', 'nelson', 'carter', 'mitchell', 'roberts', 'turner', 'phillips', 'campbell', 'parker', 'evans', 'edwards', 'collins', 'stewart', 'morris', 'murphy', 'cook', 'rogers', 'morgan', 'cooper', 'peterson'],
    countries: ['US'],
  },
  european: {
    weight: 0.2,
    given: ['lukas', 'leon', 'finn', 'jonas', 'felix', 'emma', 'mia', 'hannah', 'sophie', 'lena', 'louis', 'gabriel', 'jules', 'camille', 'chloe', 'lucas', 'matteo', 'giulia', 'francesca', 'alessandro', 'oliver', 'harry', 'charlotte', 'amelia', 'noah', 'jan', 'anna', 'katarzyna', 'piotr', 'lars', 'sven', 'ingrid', 'pieter', 'sanne', 'jakub', 'eva'],
    family: ['mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'hoffmann', 'martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'rossi', 'russo', 'ferrari', 'esposito', 'romano', 'colombo', 'ricci', 'nowak', 'kowalski', 'wisniewski', 'jansen', 'de vries', 'van dijk', 'andersson', 'johansson', 'nielsen', 'hansen', 'murphy', 'kelly'],
    countries: ['DE', 'FR', 'IT', 'PL', 'NL', 'SE', 'IE', 'GB'],
  },
  hispanic: {
    weight: 0.2,
    given: ['jose', 'juan', 'luis', 'carlos', 'jesus', 'antonio', 'miguel', 'francisco', 'alejandro', 'manuel', 'maria', 'guadalupe', 'juana', 'margarita', 'veronica', 'leticia', 'rosa', 'sofia', 'valentina', 'camila', 'isabella', 'daniela', 'gabriela', 'mariana', 'santiago', 'mateo', 'sebastian', 'diego', 'andres', 'fernanda'],
    family: ['garcia', 'rodriguez', 'martinez', 'hernandez', 'lopez', 'gonzalez', 'perez', 'sanchez', 'ramirez', 'torres', 'flores', 'rivera', 'gomez', 'diaz', 'reyes', 'morales', 'cruz', 'ortiz', 'gutierrez', 'chavez', 'ramos', 'ruiz', 'alvarez', 'mendoza', 'vasquez', 'castillo', 'jimenez', 'moreno', 'romero', 'herrera'],
    countries: ['US', 'MX', 'ES', 'CO', 'AR'],
  },
  arabic: {
    weight: 0.15,
    given: ['mohammed', 'ahmed', 'ali', 'omar', 'youssef', 'khaled', 'hassan', 'mahmoud', 'mostafa', 'amr', 'karim', 'tarek', 'fatima', 'aisha', 'mariam', 'nour', 'layla', 'salma', 'yasmin', 'hana', 'rania', 'dina', 'sara', 'zainab', 'hamza', 'adam', 'ibrahim', 'sami', 'rami', 'nadia'],
    family: ['hassan', 'ali', 'mohamed', 'ibrahim', 'mahmoud', 'abdallah', 'mostafa', 'saleh', 'nasser', 'youssef', 'el sayed', 'khalil', 'farouk', 'haddad', 'khoury', 'aziz', 'hamdan', 'rahman', 'salem', 'sharif', 'fahmy', 'zaki', 'abbas', 'suleiman', 'othman'],
    countries: ['US', 'GB', 'FR', 'DE', 'EG', 'AE', 'SA', 'JO', 'MA'],
  },
  southAsian: {
    weight: 0.15,
    given: ['aarav', 'vivaan', 'aditya', 'arjun', 'rohan', 'rahul', 'amit', 'sanjay', 'vikram', 'priya', 'ananya', 'diya', 'neha', 'pooja', 'kavya', 'sunita', 'deepak', 'ravi', 'anil', 'suresh', 'ayesha', 'fatima', 'usman', 'bilal', 'hamza', 'zara', 'farhan', 'arif', 'nisha', 'kiran'],
    family: ['patel', 'sharma', 'singh', 'kumar', 'gupta', 'shah', 'mehta', 'reddy', 'rao', 'iyer', 'nair', 'das', 'chatterjee', 'banerjee', 'joshi', 'desai', 'kapoor', 'malhotra', 'verma', 'agarwal', 'khan', 'ahmed', 'hussain', 'qureshi', 'chaudhry', 'rahman', 'islam', 'hossain'],
    countries: ['US', 'GB', 'IN', 'PK', 'BD', 'CA'],
  },
};

/** Latin letters back into Cyrillic (the inverse of the common romanisation), longest spelling first. */
export const TO_CYRILLIC = [
  ['shch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'], ['yu', 'ю'], ['ya', 'я'], ['ye', 'е'],
  ['a', 'а'], ['b', 'б'], ['v', 'в'], ['g', 'г'], ['d', 'д'], ['e', 'е'], ['z', 'з'], ['i', 'и'], ['y', 'й'], ['k', 'к'],
  ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['f', 'ф'],
  ['c', 'к'], ['h', 'х'], ['j', 'й'], ['w', 'в'], ['x', 'кс'], ['q', 'к'],
];

/** Other Latin spellings of the same sounds (German, French or older English romanisations). */
export const RESPELLINGS = [
  [/v$/, 'ff'], [/ov$/, 'off'], [/kh/, 'h'], [/y/, 'i'], [/ya/, 'ia'], [/yu/, 'iu'], [/ei$/, 'ey'], [/zh/, 'j'], [/ts/, 'tz'],
  [/u/, 'ou'], [/^yu/, 'ju'], [/sh/, 'ch'], [/ii$/, 'y'],
  // Arabic names: vowels and doubled letters are where romanisations differ.
  [/u/, 'o'], [/(?<=.)a/, 'e'], [/mm/, 'm'], [/dd/, 'd'], [/^al /, 'el '], [/ou/, 'u'], [/q/, 'k'], [/ee/, 'i'], [/i$/, 'y'],
];

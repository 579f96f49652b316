/**
 * Given names that are names of their own, each with the spellings romanisations and languages
 * give it. Two tokens both found here are one name when they share a group (Mohammed, Muhammad)
 * and two names when they do not (Khalil and Khalid, Fernanda and Fernando, Yasmin and Yasin),
 * however alike they are spelled: a typing slip rarely lands on another well-known name, and a
 * reviewer should not be sent every Juana because a Juan is listed. Names absent from the table
 * are compared by their spelling alone, as before.
 *
 * Lower case, as `nameTokens` gives them. A spelling belongs to one group only.
 */
const GROUPS: readonly string[] = [
  // Arabic, Persian, Turkish, South Asian Muslim names.
  'muhammad mohammed mohammad mohamed mohamad muhammed mohamud mehmet mehmed',
  'ahmad ahmed ahmet', 'mahmoud mahmud mahmood mehmood', 'hamid hamed', 'hamad', 'hamdi hamdy',
  'ali', 'alia aliya aliyah', 'hassan hasan', 'hussein husain hussain hossein husayn hussien hosein', 'hasna', 'hassna',
  'ghassan', 'husni', 'omar umar omer', 'amr', 'amir ameer emir', 'amira ameera', 'amer', 'ammar',
  'khalid khaled', 'khalil khaleel', 'khalifa', 'yusuf youssef yousef yousif yusef iusuf jusuf', 'yasin yassin yaseen', 'yasmin yasmine jasmin jasmine',
  'yasser yasir yaser', 'mustafa mostafa moustafa mustapha', 'abdullah abdallah abdulla', 'abdul abdel abd',
  'salim saleem selim', 'salem saalem', 'salma selma', 'salman', 'saleh salih', 'salah salaheddin',
  'suleiman sulaiman sulayman soleiman souleiman suleyman', 'samir sameer', 'sami samy', 'samira sameera',
  'said saeed sayed sayyid', 'saad', 'karim kareem', 'karima', 'rahim raheem', 'rahman rehman', 'rami ramy', 'rania',
  'tariq tarek tarik tareq', 'faisal faysal feisal', 'walid waleed', 'nasser nasir naser nassir', 'jamal gamal', 'jamila jameela',
  'hamza hamzah', 'bilal', 'anwar anour', 'rashid rasheed', 'adel adil', 'nabil nabeel', 'ziad ziyad', 'majid majeed', 'fadi',
  'ismail ismael esmail', 'zakariya zakaria zakariyya', 'idris idriss', 'marwan', 'qasim kasim qassem kassem', 'ibrahim ebrahim',
  'ayman aiman', 'imad emad', 'usama osama', 'hisham hesham', 'jabir jaber', 'mansur mansour', 'nour noor nur', 'nura noura',
  'fatima fatma fatemeh', 'aisha ayesha aysha', 'mariam maryam miriam', 'layla leila laila', 'hana hanna', 'hanan', 'dina deena',
  'sara sarah', 'zainab zeinab', 'zahra', 'adam', 'nadia nadiya', 'nadir', 'aziz', 'abbas', 'reza', 'mehdi mahdi', 'mohsen muhsin',
  'javad jawad', 'farhad', 'farhan', 'farah', 'kamran', 'parviz parvez', 'masoud masood masud', 'nader', 'majed', 'morteza murtaza',
  'imran', 'asif', 'arif', 'sajid', 'zahid', 'zahir', 'hafiz hafez', 'dawood dawud daoud', 'ilyas elias', 'shahid', 'usman othman uthman',
  // South Asian, other.
  'aarav', 'aditya', 'arjun', 'rohan', 'rahul', 'amit', 'amita', 'sanjay', 'vikram', 'priya', 'ananya', 'diya', 'neha', 'pooja puja',
  'kavya', 'sunita', 'deepak', 'ravi', 'anil', 'suresh', 'rajesh', 'ramesh', 'zara', 'nisha', 'kiran',
  // Hispanic, Portuguese, Italian, French, German, English, Slavic, and their feminine forms.
  'juan', 'juana', 'jose', 'josefa', 'joseph josef giuseppe', 'josephine', 'fernando', 'fernanda', 'mario', 'maria marie', 'mariana marianna',
  'marian', 'mariano', 'carlos carl karl', 'carla karla', 'carlo', 'luis louis luiz', 'luisa louisa luise', 'miguel michael michel mikhail michele',
  'michelle', 'jorge george georg', 'georgia', 'pedro peter pieter pierre pietro pyotr piotr petr', 'petra', 'rafael raphael', 'alejandro alexander alessandro aleksandr alexandre',
  'alejandra alexandra alessandra aleksandra', 'ricardo richard riccardo', 'hector', 'ana anna anne', 'rosa', 'rose', 'diego', 'ramon', 'joaquin',
  'antonio anton antoine', 'antonia', 'francisco francesco francois franz', 'francesca francisca', 'manuel', 'manuela', 'jesus', 'andres andreas andrew andrei andrey',
  'andrea', 'daniel', 'daniela daniella', 'gabriel', 'gabriela gabriella', 'sebastian', 'santiago', 'mateo matteo matthew', 'isabel isabella', 'sofia sophia sophie',
  'valentina', 'valentin', 'camila camilla', 'camille', 'veronica', 'leticia', 'margarita', 'guadalupe', 'lucas lukas luca', 'lucia',
  'jan john jean johann johannes juhani', 'jana', 'janet', 'jeanne', 'joan', 'ivan', 'mia', 'milan', 'milana', 'marco marko', 'marc mark',
  'emma', 'emily', 'hannah', 'lena', 'finn', 'jonas', 'felix', 'leon', 'noah', 'oliver', 'harry', 'charlotte', 'amelia',
  'thomas tomas', 'robert roberto', 'roberta', 'david', 'stefan stephen steven stefano', 'stephanie', 'hans', 'klaus', 'giovanni', 'zoran', 'goran', 'dragan', 'nikola nicola nikolai nicholas nicolas',
  'nicole', 'viktor victor vittorio', 'victoria viktoria', 'james', 'mary', 'patricia', 'jennifer', 'linda', 'elizabeth', 'william', 'barbara', 'susan',
  'jessica', 'christopher', 'karen', 'lisa', 'nancy', 'anthony', 'betty', 'sandra', 'ashley', 'paul pablo paolo pavel', 'paula', 'donna',
  'joshua', 'kevin', 'amanda', 'brian', 'bryan', 'eva', 'eve', 'ingrid', 'lars', 'sven', 'sanne', 'jakub jacob jakob', 'katarzyna katherine catherine katharina ekaterina yekaterina',
  'olga', 'oleg', 'igor', 'yuri yury iouri juri', 'yulia julia iulia', 'julian', 'sergei sergey serge sergio', 'dmitry dmitri dmitrii', 'vladimir', 'boris', 'natalya natalia natalie',
  'tatyana tatiana', 'svetlana', 'irina', 'elena yelena helena', 'anastasia', 'maxim maksim', 'alexei aleksei alexey aleksey',
];

const GROUP_OF: ReadonlyMap<string, number> = new Map(GROUPS.flatMap((group, at) => group.split(' ').map((spelling) => [spelling, at] as const)));

/** The group of a given name's spellings, or -1 for a token that is not a known given name. */
export function givenNameGroup(token: string): number {
  return GROUP_OF.get(token) ?? -1;
}
